package io.ape.audit;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.Outcome;
import java.time.Instant;
import java.util.Map;

/** Builds audit events as the engine's dispatcher would hand them to a sink. */
final class TestEvents {
  static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

  private TestEvents() {}

  /** A DECISION event with the given sequence. */
  static AuditEvent decision(long seq, String action, Outcome outcome, Map<String, ?> params) {
    return AuditEvent.builder(AuditEventType.DECISION, T0.plusMillis(seq))
        .tenant("acme").session("s-1").intentVersion("iv-1").planHash("ph-1").step(0)
        .action(action).tool(action + "-tool").decision(outcome)
        .reason(outcome == Outcome.ALLOW ? "allowed by rule" : "denied by rule")
        .rule("r-" + action).policyVersion("pv-1").parameters(params).tokenRef("tok-1234")
        .detail("mode", "ENFORCE")
        .build().withSequence(seq);
  }

  /** A simple event with the given sequence. */
  static AuditEvent event(long seq) {
    return decision(seq, "fs.read", Outcome.ALLOW, Map.of("path", "/tmp/f" + seq));
  }

  /** A TOOL_EXECUTION_STARTED event. */
  static AuditEvent toolStart(long seq, String run, int step) {
    return AuditEvent.builder(AuditEventType.TOOL_EXECUTION_STARTED, T0.plusMillis(seq))
        .tenant("acme").session(run).step(step).action("fs.write").tool("write_file")
        .detail("run", run).build().withSequence(seq);
  }
}
