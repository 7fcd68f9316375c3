package io.ape.audit;

import io.ape.audit.internal.ResultJson;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@link AuditReplayer}: every recorded decision whose outcome differs under the
 * other policy. The regression test for a policy change: {@link #changed()} is {@code false}
 * when the new policy decides everything the log saw the same way.
 *
 * @param policyVersion the version of the policy replayed against
 * @param replayed number of DECISION records re-evaluated
 * @param unchanged number whose outcome stayed the same
 * @param changes the decisions whose outcome changed, in log order
 * @param unreplayable DECISION records that could not be replayed (no recorded outcome)
 * @param tornTail a torn last line that was skipped, if any
 */
public record ReplayResult(String policyVersion, long replayed, long unchanged,
    List<ChangedDecision> changes, List<RecordLocation> unreplayable,
    Optional<TornTail> tornTail) {
  public ReplayResult {
    Objects.requireNonNull(policyVersion, "policyVersion");
    changes = List.copyOf(changes);
    unreplayable = List.copyOf(unreplayable);
    Objects.requireNonNull(tornTail, "tornTail");
  }

  /** Whether any recorded decision comes out differently. */
  public boolean changed() {
    return !changes.isEmpty();
  }

  /** A human-readable report. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append(replayed).append(" decision(s) replayed against policy ")
        .append(policyVersion.isEmpty() ? "(unversioned)" : policyVersion).append(": ")
        .append(unchanged).append(" unchanged, ").append(changes.size()).append(" changed\n");
    for (ChangedDecision c : changes) {
      sb.append("  ").append(c.describe()).append('\n');
    }
    for (RecordLocation l : unreplayable) {
      sb.append("  not replayable (no recorded outcome): ").append(l.describe()).append('\n');
    }
    tornTail.ifPresent(t -> sb.append("note: ").append(t.describe()).append('\n'));
    return sb.toString();
  }

  /** The result as one JSON object. */
  public String toJson() {
    return ResultJson.write(g -> {
      g.writeStartObject();
      g.writeStringField("policyVersion", policyVersion);
      g.writeNumberField("replayed", replayed);
      g.writeNumberField("unchanged", unchanged);
      g.writeBooleanField("changed", changed());
      g.writeArrayFieldStart("changes");
      for (ChangedDecision c : changes) {
        g.writeStartObject();
        ResultJson.location(g, "location", c.location());
        g.writeStringField("actionId", c.actionId());
        g.writeStringField("tenantId", c.tenantId());
        g.writeStringField("sessionId", c.sessionId());
        g.writeFieldName("parameters");
        ResultJson.value(g, c.parameters());
        g.writeStringField("before", c.before().name());
        g.writeStringField("ruleBefore", c.ruleBefore());
        g.writeStringField("reasonBefore", c.reasonBefore());
        g.writeStringField("after", c.after().name());
        g.writeStringField("ruleAfter", c.ruleAfter());
        g.writeStringField("reasonAfter", c.reasonAfter());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("unreplayable");
      for (RecordLocation l : unreplayable) {
        g.writeStartObject();
        ResultJson.location(g, "location", l);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeBooleanField("tornTail", tornTail.isPresent());
      g.writeEndObject();
    });
  }
}
