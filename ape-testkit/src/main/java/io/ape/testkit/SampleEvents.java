package io.ape.testkit;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.Outcome;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Audit events as the engine's audit dispatcher hands them to a sink: stamped with gapless
 * sequence numbers 1, 2, 3, … and with every field an engine fills.
 *
 * @since 0.2.0
 */
public final class SampleEvents {
  /** The timestamp of event 0; event {@code n} is {@code n} milliseconds later. */
  public static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123456789Z");

  private SampleEvents() {}

  /** A DECISION event with every field set, stamped with {@code sequence}. */
  public static AuditEvent decision(long sequence) {
    return AuditEvent.builder(AuditEventType.DECISION, T0.plusMillis(sequence))
        .tenant("acme").session("sess-" + (sequence % 7)).intentVersion("1".repeat(64))
        .planHash("2".repeat(64)).step((int) (sequence % 5)).action("read_file")
        .tool("fs.read").decision(sequence % 2 == 0 ? Outcome.ALLOW : Outcome.DENY)
        .reason("rule read-tmp matched (" + sequence + ")").rule("read-tmp")
        .policyVersion("3".repeat(64)).parameters(Map.of("path", "/tmp/f" + sequence + ".txt"))
        .tokenRef("tok-" + sequence).detail("stage", "issue")
        .build().withSequence(sequence);
  }

  /** An event of {@code type} with only the required fields, stamped with {@code sequence}. */
  public static AuditEvent minimal(AuditEventType type, long sequence) {
    return AuditEvent.builder(type, T0.plusMillis(sequence)).build().withSequence(sequence);
  }

  /**
   * An event whose text fields hold what an attacker controls (quotes, backslashes, line
   * breaks, U+2028, escape sequences, characters above U+FFFF, a long reason) and whose
   * parameters use every value type of the parameter model, nested. No NUL character (see
   * {@link #withNul}).
   */
  public static AuditEvent hostile(long sequence) {
    String nasty = "\"quoted\" \\back\\slash\nnew line\r\n\tTAB \u2028 \u001b[31mred\u001b[0m "
        + "\u00e9\u4e2d\uD83D\uDE00 {\"forged\":\"record\"}";
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("list", Arrays.asList(1, 2L, 3.5, null, true, "x"));
    inner.put("big", new BigInteger("123456789012345678901234567890"));
    inner.put("dec", new BigDecimal("0.10"));
    inner.put(nasty, nasty);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("nested", inner);
    params.put("deep", nest(10));
    params.put("empty", Map.of());
    return AuditEvent.builder(AuditEventType.ATTEMPT_REJECTED, T0.plusMillis(sequence))
        .tenant(nasty).session(nasty).action("write_file").tool(nasty)
        .decision(Outcome.ESCALATE).reason(nasty + " " + "r".repeat(16 * 1024)).rule(nasty)
        .policyVersion("3".repeat(64)).parameters(params).tokenRef("tok")
        .detail(nasty, nasty).detail("n", "1")
        .build().withSequence(sequence);
  }

  /** An event whose reason and parameters hold NUL and other C0 control characters. */
  public static AuditEvent withNul(long sequence) {
    String nul = "a\u0000b\u0001c\u007f";
    return AuditEvent.builder(AuditEventType.DECISION, T0.plusMillis(sequence))
        .tenant("acme").action("read_file").decision(Outcome.DENY).reason(nul).rule(nul)
        .parameters(Map.of("path", nul)).detail("k", nul).build().withSequence(sequence);
  }

  private static Object nest(int depth) {
    Object v = "leaf";
    for (int i = 0; i < depth; i++) {
      List<Object> l = new ArrayList<>();
      l.add(Map.of("level", i, "next", v));
      v = l;
    }
    return v;
  }
}
