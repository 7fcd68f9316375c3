package io.ape.audit.jdbc.internal;

import io.ape.api.AuditEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The queryable columns of a record, derived from its event by one fixed function (the writer
 * stores them, the verifier recomputes and compares them): text cut to 256 characters with NUL
 * and unpaired surrogates replaced by U+FFFD, the time cut to microseconds and kept within
 * years 1 to 9999. No event can make these columns fail an insert (NUL in text, an index entry
 * too large, a time PostgreSQL cannot store), so one odd event cannot fail a whole batch.
 *
 * @param sequence the engine's sequence number
 * @param time the event time (microseconds)
 * @param type the event type
 * @param tenant the tenant
 * @param session the session
 * @param action the action
 * @param tool the tool
 * @param decision the decision, or {@code null}
 * @param rule the deciding rule
 */
public record EventColumns(long sequence, Instant time, String type, String tenant,
    String session, String action, String tool, String decision, String rule) {
  /** The longest text kept in a column, in chars. */
  public static final int MAX_TEXT = 256;
  private static final Instant MIN_TIME = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant MAX_TIME = Instant.parse("9999-12-31T23:59:59.999999Z");

  /** The columns of an event. */
  public static EventColumns of(AuditEvent e) {
    return new EventColumns(e.sequence(), time(e.timestamp()), e.type().name(),
        text(e.tenantId()), text(e.sessionId()), text(e.actionId()), text(e.toolId()),
        e.decision() == null ? null : e.decision().name(), text(e.ruleId()));
  }

  static Instant time(Instant t) {
    Instant clamped = t.isBefore(MIN_TIME) ? MIN_TIME : t.isAfter(MAX_TIME) ? MAX_TIME : t;
    return clamped.truncatedTo(ChronoUnit.MICROS);
  }

  static String text(String s) {
    int n = Math.min(s.length(), MAX_TEXT);
    if (n > 0 && n < s.length() && Character.isHighSurrogate(s.charAt(n - 1))) {
      n--; // never cut a pair in half
    }
    StringBuilder out = null;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean bad = c == '\u0000'
          || (Character.isHighSurrogate(c) && (i + 1 >= n
              || !Character.isLowSurrogate(s.charAt(i + 1))))
          || (Character.isLowSurrogate(c) && (i == 0
              || !Character.isHighSurrogate(s.charAt(i - 1))));
      if (bad && out == null) {
        out = new StringBuilder(n).append(s, 0, i);
      }
      if (out != null) {
        out.append(bad ? '\uFFFD' : c);
      }
    }
    return out != null ? out.toString() : n == s.length() ? s : s.substring(0, n);
  }
}
