package io.ape.audit;

import io.ape.api.AuditEventType;
import io.ape.api.Outcome;
import io.ape.audit.internal.ResultJson;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The result of {@link AuditStats}. Maps are unmodifiable and sorted (enum order or key
 * order).
 *
 * @param records number of records
 * @param first earliest timestamp
 * @param last latest timestamp
 * @param byType events by type
 * @param recordsByDecision records that carry a decision, of any event type, by decision (the
 *     counts {@code ape audit show --decision} finds)
 * @param byDecision policy decisions ({@code DECISION} events) by outcome
 * @param byAction policy decisions by action id
 * @param byRule policy decisions by deciding rule id (decisions without a rule are not counted)
 * @param deniedByAction denials by action id: every record whose decision is DENY, of any event
 *     type (a policy decision, a rejected attempt, ...)
 * @param bucket width of the time buckets
 * @param denialsOverTime denials (as in {@code deniedByAction}) per bucket, keyed by the
 *     bucket's start
 * @param tornTail a torn last line that was skipped, if any
 */
public record AuditStatistics(long records, Optional<Instant> first, Optional<Instant> last,
    Map<AuditEventType, Long> byType, Map<Outcome, Long> recordsByDecision,
    Map<Outcome, Long> byDecision, Map<String, Long> byAction,
    Map<String, Long> byRule, Map<String, Long> deniedByAction, Duration bucket,
    Map<Instant, Long> denialsOverTime, Optional<TornTail> tornTail) {

  public AuditStatistics {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(last, "last");
    byType = byType.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new EnumMap<>(byType));
    recordsByDecision = recordsByDecision.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new EnumMap<>(recordsByDecision));
    byDecision = byDecision.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new EnumMap<>(byDecision));
    byAction = Collections.unmodifiableMap(new TreeMap<>(byAction));
    byRule = Collections.unmodifiableMap(new TreeMap<>(byRule));
    deniedByAction = Collections.unmodifiableMap(new TreeMap<>(deniedByAction));
    Objects.requireNonNull(bucket, "bucket");
    denialsOverTime = Collections.unmodifiableMap(new TreeMap<>(denialsOverTime));
    Objects.requireNonNull(tornTail, "tornTail");
  }

  /** Total number of policy decisions ({@code DECISION} events). */
  public long decisions() {
    return byDecision.values().stream().mapToLong(Long::longValue).sum();
  }

  /** A human-readable report. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append("records: ").append(records);
    first.ifPresent(t -> sb.append(" from ").append(t));
    last.ifPresent(t -> sb.append(" to ").append(t));
    sb.append('\n');
    section(sb, "events by type", byType);
    section(sb, "records by decision (any event type, as `audit show --decision` selects)",
        recordsByDecision);
    section(sb, "policy decisions (DECISION events) by outcome", byDecision);
    section(sb, "policy decisions by action", byAction);
    section(sb, "policy decisions by rule", byRule);
    section(sb, "denials (records with decision DENY) by action", deniedByAction);
    section(sb, "denials per " + bucket, denialsOverTime);
    tornTail.ifPresent(t -> sb.append("note: ").append(t.describe()).append('\n'));
    return sb.toString();
  }

  private static void section(StringBuilder sb, String title, Map<?, Long> m) {
    sb.append(title).append(':');
    if (m.isEmpty()) {
      sb.append(" none\n");
      return;
    }
    sb.append('\n');
    for (Map.Entry<?, Long> e : m.entrySet()) {
      sb.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
    }
  }

  /** The statistics as one JSON object. */
  public String toJson() {
    return ResultJson.write(g -> {
      g.writeStartObject();
      g.writeNumberField("records", records);
      g.writeStringField("first", first.map(Instant::toString).orElse(null));
      g.writeStringField("last", last.map(Instant::toString).orElse(null));
      counts(g, "byType", byType);
      counts(g, "recordsByDecision", recordsByDecision);
      counts(g, "byDecision", byDecision);
      counts(g, "byAction", byAction);
      counts(g, "byRule", byRule);
      counts(g, "deniedByAction", deniedByAction);
      g.writeStringField("bucket", bucket.toString());
      counts(g, "denialsOverTime", denialsOverTime);
      g.writeBooleanField("tornTail", tornTail.isPresent());
      g.writeEndObject();
    });
  }

  private static void counts(com.fasterxml.jackson.core.JsonGenerator g, String field,
      Map<?, Long> m) throws IOException {
    g.writeObjectFieldStart(field);
    for (Map.Entry<?, Long> e : m.entrySet()) {
      g.writeNumberField(String.valueOf(e.getKey()), e.getValue());
    }
    g.writeEndObject();
  }
}
