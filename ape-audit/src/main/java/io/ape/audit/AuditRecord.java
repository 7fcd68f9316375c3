package io.ape.audit;

import io.ape.api.AuditEvent;
import io.ape.audit.internal.JsonBuffer;
import io.ape.audit.internal.RecordSerializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One record read back from a JSON-lines audit log: the event plus where it is and its chain
 * fields. Reading does not verify the chain; use {@link AuditVerifier} for that.
 *
 * @param file the file the record is in
 * @param line the 1-based line number
 * @param recordNo the record number in the chain
 * @param event the event as recorded (parameters as redacted at the time)
 * @param prev the hex SHA-256 of the previous line
 * @param mac the hex HMAC, or {@code ""} if the record has none
 */
public record AuditRecord(Path file, long line, long recordNo, AuditEvent event, String prev,
    String mac) {
  public AuditRecord {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(prev, "prev");
    Objects.requireNonNull(mac, "mac");
  }

  /** Where the record is. */
  public RecordLocation location() {
    return new RecordLocation(file, line, -1, recordNo, event.sequence());
  }

  /**
   * The record as one canonical JSON line (without newline), as the sink wrote it. Integer and
   * double values are reproduced exactly; a decimal written in another notation reads back as
   * the nearest double.
   */
  public String toJson() {
    JsonBuffer b = new JsonBuffer(512);
    new RecordSerializer().writeBody(b, event);
    b.raw(",\"recordNo\":").number(recordNo).raw(",\"prev\":").string(prev);
    if (!mac.isEmpty()) {
      b.raw(",\"mac\":").string(mac);
    }
    b.raw('}');
    return new String(b.toByteArray(), StandardCharsets.UTF_8);
  }

  /** A compact one-line summary for people. */
  public String toText() {
    AuditEvent e = event;
    StringBuilder sb = new StringBuilder();
    sb.append('#').append(recordNo).append(' ').append(e.timestamp()).append(' ')
        .append(e.type());
    append(sb, "tenant", e.tenantId());
    append(sb, "session", e.sessionId());
    append(sb, "action", e.actionId());
    append(sb, "tool", e.toolId());
    if (e.stepIndex() >= 0) {
      sb.append(" step=").append(e.stepIndex());
    }
    if (e.decision() != null) {
      sb.append(" decision=").append(e.decision());
    }
    append(sb, "rule", e.ruleId());
    if (!e.reason().isEmpty()) {
      sb.append(" reason=").append(quote(e.reason()));
    }
    return sb.toString();
  }

  private static void append(StringBuilder sb, String key, String value) {
    if (!value.isEmpty()) {
      sb.append(' ').append(key).append('=').append(quote(value));
    }
  }

  /** Quotes a value when needed and escapes control characters (no log-line forging). */
  private static String quote(String v) {
    boolean plain = !v.isEmpty();
    for (int i = 0; i < v.length() && plain; i++) {
      char c = v.charAt(i);
      plain = c > ' ' && c != '"' && c != '\\' && c < 0x7f;
    }
    if (plain) {
      return v;
    }
    JsonBuffer b = new JsonBuffer(v.length() + 8);
    b.string(v);
    return new String(b.toByteArray(), StandardCharsets.UTF_8);
  }
}
