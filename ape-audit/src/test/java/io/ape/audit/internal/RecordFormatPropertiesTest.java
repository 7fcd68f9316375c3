package io.ape.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.Outcome;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The record format round-trips every event exactly, and only canonical bytes parse. */
class RecordFormatPropertiesTest {

  private static byte[] line(AuditEvent e, long recordNo) {
    JsonBuffer b = new JsonBuffer(256);
    new RecordSerializer().writeBody(b, e);
    b.raw(",\"recordNo\":").number(recordNo).raw(",\"prev\":\"").raw(RecordFormat.GENESIS)
        .raw("\"}");
    return b.toByteArray();
  }

  @Property(tries = 300, edgeCases = EdgeCasesMode.FIRST)
  void everyEventRoundTripsThroughItsLine(@ForAll("events") AuditEvent e) throws Exception {
    byte[] line = line(e, 7);
    ParsedRecord r = new RecordParser().parse(line, 0, line.length);
    assertThat(r.event()).isEqualTo(normalised(e));
    assertThat(r.recordNo()).isEqualTo(7);
    assertThat(r.hasMac()).isFalse();
    // The line never contains a raw control character: one record is always one line.
    for (byte x : line) {
      assertThat(x & 0xff).isGreaterThanOrEqualTo(0x20);
    }
  }

  @Property(tries = 300)
  void timestampsAreFormattedExactlyAsInstantToString(
      @ForAll @LongRange(min = -62167219200L, max = 253402300799L) long seconds,
      @ForAll("nanos") int nanos) {
    Instant t = Instant.ofEpochSecond(seconds, nanos);
    JsonBuffer b = new JsonBuffer(40);
    IsoInstantFormatter f = new IsoInstantFormatter();
    f.writeString(b, t);
    f.writeString(b, t);
    String expected = "\"" + t + "\"";
    assertThat(new String(b.toByteArray(), StandardCharsets.US_ASCII))
        .isEqualTo(expected + expected);
  }

  @Test
  void instantsOutsideFourDigitYearsFallBackToInstantToString() {
    Instant far = Instant.parse("+12345-01-01T00:00:00Z");
    JsonBuffer b = new JsonBuffer(40);
    new IsoInstantFormatter().writeString(b, far);
    assertThat(new String(b.toByteArray(), StandardCharsets.US_ASCII))
        .isEqualTo("\"" + far + "\"");
  }

  @Test
  void numbersOfEveryAcceptedTypeAreWrittenCanonically() throws Exception {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("i", 1);
    p.put("l", Long.MIN_VALUE);
    p.put("s", (short) -3);
    p.put("b", (byte) 4);
    p.put("d", 0.1);
    p.put("f", 0.1f);
    p.put("nan", Double.NaN);
    p.put("inf", Float.NEGATIVE_INFINITY);
    p.put("big", new BigInteger("123456789012345678901234567890"));
    p.put("dec", new BigDecimal("1E+3"));
    p.put("nul", null);
    AuditEvent e = event(Map.copyOf(Map.of("k", "v")), p);
    byte[] line = line(e, 1);
    String text = new String(line, StandardCharsets.UTF_8);
    assertThat(text).contains("\"i\":1,\"l\":-9223372036854775808,\"s\":-3,\"b\":4,"
        + "\"d\":0.1,\"f\":0.1,\"nan\":\"NaN\",\"inf\":\"-Infinity\","
        + "\"big\":123456789012345678901234567890,\"dec\":1E+3,\"nul\":null");
    // Parses as canonical: number text is kept as written.
    new RecordParser().parse(line, 0, line.length);
  }

  @Test
  void longNumbersNamesAndStringsThatTheSinkAcceptsAlsoReadBack() throws Exception {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("n".repeat(60_000), "v".repeat(300_000));
    p.put("big", new BigInteger("9".repeat(1500)));
    p.put("dec", new BigDecimal("1." + "5".repeat(1500)));
    AuditEvent e = event(Map.of(), p);
    byte[] line = line(e, 1);
    ParsedRecord r = new RecordParser().parse(line, 0, line.length);
    assertThat(r.event().parameters()).containsKey("n".repeat(60_000))
        .containsEntry("big", new BigInteger("9".repeat(1500)));
  }

  @Test
  void controlCharactersAndLoneSurrogatesAreEscaped() throws Exception {
    AuditEvent e = event(Map.of(), Map.of("x", "a\nb\r\u0000\u001f\ud800z\t\"\\\u007f"));
    byte[] line = line(e, 1);
    String text = new String(line, StandardCharsets.UTF_8);
    assertThat(text).contains("\"x\":\"a\\nb\\r\\u0000\\u001f\\ud800z\\t\\\"\\\\\u007f\"");
    assertThat(new RecordParser().parse(line, 0, line.length).event().parameters().get("x"))
        .isEqualTo("a\nb\r\u0000\u001f\ud800z\t\"\\\u007f");
  }

  @Test
  void aParameterNameWithAnUnpairedSurrogateIsRefused() {
    AuditEvent e = event(Map.of(), Map.of("k\ud800", "v"));
    assertThatThrownBy(() -> line(e, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired surrogate");
    AuditEvent ok = event(Map.of(), Map.of("k\ud83d\ude00", "\udc00"));
    byte[] l = line(ok, 1);
    assertThat(new String(l, StandardCharsets.UTF_8)).contains("\"k\ud83d\ude00\":\"\\udc00\"");
  }

  private static boolean validUnicode(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  @Test
  void nonCanonicalVariantsOfAValidRecordAreRejected() {
    AuditEvent e = event(Map.of("b", "2", "a", "1"), Map.of("p", "v"));
    String good = new String(line(e, 3), StandardCharsets.UTF_8);
    List<String> variants = List.of(
        good.replace("{\"v\":1", "{ \"v\":1"),
        good.replace("\"p\":\"v\"", "\"p\":\"\\u0076\""),
        good.replace("\"recordNo\":3", "\"recordNo\":03"),
        good.replace("\"recordNo\":3", "\"recordNo\":3.0"),
        good.replace("\"stepIndex\":2", "\"stepIndex\":\"2\""),
        good.replace("\"details\":{\"a\":\"1\",\"b\":\"2\"}", "\"details\":{\"b\":\"2\",\"a\":\"1\"}"),
        good.replace(",\"reason\":", ",\"extra\":1,\"reason\":"),
        good.replace("\"timestamp\":\"2025-03-01T10:00:00.002Z\"",
            "\"timestamp\":\"2025-03-01T10:00:00.0020Z\""),
        good.replace("\"v\":1", "\"v\":2"),
        good.replace("\"type\":\"DECISION\"", "\"type\":\"NOT_A_TYPE\""),
        good.replace("\"prev\":\"0000", "\"prev\":\"AAAA"),
        good + " ",
        good + "{}");
    for (String v : variants) {
      assertThat(v).isNotEqualTo(good);
      byte[] b = v.getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> new RecordParser().parse(b, 0, b.length))
          .as(v).isInstanceOf(MalformedRecordException.class);
    }
  }

  private static AuditEvent event(Map<String, String> details, Map<String, Object> params) {
    AuditEvent.Builder b = AuditEvent.builder(AuditEventType.DECISION,
            Instant.parse("2025-03-01T10:00:00.002Z"))
        .tenant("t").session("s").step(2).action("a.b").decision(Outcome.ALLOW)
        .parameters(params);
    details.forEach(b::detail);
    return b.build().withSequence(9);
  }

  /** What reading back yields: numbers become Integer/Long/BigInteger/Double. */
  private static AuditEvent normalised(AuditEvent e) {
    return new AuditEvent(e.sequence(), e.timestamp(), e.type(), e.tenantId(), e.sessionId(),
        e.intentVersion(), e.planHash(), e.stepIndex(), e.actionId(), e.toolId(), e.decision(),
        e.reason(), e.ruleId(), e.policyVersion(), normaliseMap(e.parameters()), e.tokenRef(),
        e.details());
  }

  private static Map<String, Object> normaliseMap(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, normaliseValue(v)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object normaliseValue(Object v) {
    if (v instanceof Long && (Long) v >= Integer.MIN_VALUE && (Long) v <= Integer.MAX_VALUE) {
      return ((Long) v).intValue();
    }
    if (v instanceof List) {
      return ((List<Object>) v).stream().map(RecordFormatPropertiesTest::normaliseValue)
          .collect(java.util.stream.Collectors.toList());
    }
    if (v instanceof Map) {
      return normaliseMap((Map<String, Object>) v);
    }
    return v;
  }

  @Provide
  Arbitrary<Integer> nanos() {
    return Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999)
        .map(x -> x * 1_000_000), Arbitraries.integers().between(0, 999_999).map(x -> x * 1000),
        Arbitraries.integers().between(0, 999_999_999));
  }

  @Provide
  Arbitrary<AuditEvent> events() {
    Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(12);
    Arbitrary<String> names = text.filter(RecordFormatPropertiesTest::validUnicode);
    Arbitrary<Object> leaf = Arbitraries.oneOf(text.map(x -> (Object) x),
        Arbitraries.integers().map(x -> (Object) x),
        Arbitraries.longs().map(x -> (Object) x),
        Arbitraries.doubles().map(x -> (Object) x),
        Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(x -> (Object) x));
    Arbitrary<Map<String, Object>> params = Arbitraries.maps(names, Arbitraries.oneOf(leaf,
        leaf.list().ofMaxSize(3).map(x -> (Object) x))).ofMaxSize(4);
    Arbitrary<Map<String, String>> details = Arbitraries.maps(names, text).ofMaxSize(3);
    Arbitrary<Instant> time = Arbitraries.longs().between(0, 4_000_000_000L)
        .flatMap(s -> nanos().map(n -> Instant.ofEpochSecond(s, n)));
    return Combinators.combine(Arbitraries.longs().between(1, Long.MAX_VALUE), time,
        Arbitraries.of(AuditEventType.class), text, Arbitraries.integers().between(-1, 99),
        Arbitraries.of(Outcome.ALLOW, Outcome.DENY, Outcome.ESCALATE, null), params, details)
        .as((seq, t, type, s, step, outcome, p, d) -> new AuditEvent(seq, t, type, s, s + "x",
            s, s, step, s, s, outcome, s, s, s, p, s, d));
  }
}
