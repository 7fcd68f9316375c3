package io.ape.audit.jdbc;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.Outcome;
import java.time.Instant;
import java.util.Map;

/** Audit events for the tests. */
final class TestEvents {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456789Z");

  private TestEvents() {}

  static AuditEvent decision(long sequence, String session, Outcome outcome) {
    return AuditEvent.builder(AuditEventType.DECISION, T0.plusMillis(sequence))
        .sequence(sequence).tenant("acme").session(session).action("write_file")
        .tool("fs_write").decision(outcome).reason("rule matched").rule("write_reports")
        .policyVersion("7d0c1f9a4e").parameters(Map.of("path", "/srv/reports/q" + sequence))
        .detail("stage", "issue").build();
  }
}
