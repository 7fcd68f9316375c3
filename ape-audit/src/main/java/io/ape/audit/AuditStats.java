package io.ape.audit;

import io.ape.api.ApeConfigurationException;
import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Counts over an audit log: events by type; records by decision (every record that carries a
 * decision, whatever its type, so the counts agree with {@link AuditQuery#withDecision}, i.e.
 * {@code ape audit show --decision}); policy decisions ({@code DECISION} events) by outcome, by
 * action and by rule; denials (every record whose decision is DENY: policy decisions, rejected
 * attempts, ...) by action and over time, in buckets of a given width. Not thread-safe while
 * accumulating; the result is immutable.
 */
public final class AuditStats {
  private final long bucketMillis;
  private final Duration bucket;
  private long records;
  private Instant first;
  private Instant last;
  private final Map<AuditEventType, Long> byType = new EnumMap<>(AuditEventType.class);
  private final Map<Outcome, Long> recordsByDecision = new EnumMap<>(Outcome.class);
  private final Map<Outcome, Long> byDecision = new EnumMap<>(Outcome.class);
  private final Map<String, Long> byAction = new TreeMap<>();
  private final Map<String, Long> byRule = new TreeMap<>();
  /** How a denial that names no action is counted in {@code deniedByAction}. */
  static final String NO_ACTION = "(no action)";

  private final Map<String, Long> deniedByAction = new TreeMap<>();
  private final Map<Instant, Long> denialsOverTime = new TreeMap<>();

  private AuditStats(Duration bucket) {
    if (bucket == null || bucket.toMillis() < 1) {
      throw new ApeConfigurationException("the time bucket for audit statistics must be at "
          + "least 1 ms, but was " + bucket);
    }
    this.bucket = bucket;
    this.bucketMillis = bucket.toMillis();
  }

  /** Statistics of records already read. */
  public static AuditStatistics compute(Iterable<AuditRecord> records, Duration bucket) {
    AuditStats s = new AuditStats(bucket);
    for (AuditRecord r : records) {
      s.add(r.event());
    }
    return s.result(Optional.empty());
  }

  /**
   * Statistics of a log, streamed from its files (oldest first).
   *
   * @throws io.ape.api.AuditException if a file cannot be read or a line is not a record
   */
  public static AuditStatistics of(List<Path> files, Duration bucket) {
    return of(AuditReader.withDefaults(), files, bucket);
  }

  /** Statistics of a log, read with the given reader. */
  public static AuditStatistics of(AuditReader reader, List<Path> files, Duration bucket) {
    AuditStats s = new AuditStats(bucket);
    AuditReader.Summary summary = reader.forEach(files, AuditQuery.all(), r -> s.add(r.event()));
    return s.result(summary.tornTail());
  }

  private void add(AuditEvent e) {
    records++;
    if (first == null || e.timestamp().isBefore(first)) {
      first = e.timestamp();
    }
    if (last == null || e.timestamp().isAfter(last)) {
      last = e.timestamp();
    }
    byType.merge(e.type(), 1L, Long::sum);
    if (e.decision() == null) {
      return;
    }
    recordsByDecision.merge(e.decision(), 1L, Long::sum);
    if (e.decision() == Outcome.DENY) {
      // a record about no single action (a rejected plan, a refused session) is counted as such
      String action = e.actionId() == null || e.actionId().isEmpty() ? NO_ACTION : e.actionId();
      deniedByAction.merge(action, 1L, Long::sum);
      long ms = e.timestamp().toEpochMilli();
      Instant start = Instant.ofEpochMilli(Math.floorDiv(ms, bucketMillis) * bucketMillis);
      denialsOverTime.merge(start, 1L, Long::sum);
    }
    if (e.type() == AuditEventType.DECISION) {
      byDecision.merge(e.decision(), 1L, Long::sum);
      byAction.merge(e.actionId(), 1L, Long::sum);
      if (!e.ruleId().isEmpty()) {
        byRule.merge(e.ruleId(), 1L, Long::sum);
      }
    }
  }

  private AuditStatistics result(Optional<TornTail> torn) {
    return new AuditStatistics(records, Optional.ofNullable(first), Optional.ofNullable(last),
        byType, recordsByDecision, byDecision, byAction, byRule, deniedByAction, bucket,
        denialsOverTime, torn);
  }
}
