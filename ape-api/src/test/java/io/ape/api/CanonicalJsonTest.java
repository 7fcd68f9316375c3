package io.ape.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The canonical form and its digests, with the Python original's vectors. */
class CanonicalJsonTest {

  @Test
  void pythonVectorSerialisationEdgeCases() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("e", new BigInteger("100000000000000000000"));
    m.put("d", 1e-07);
    m.put("c", "\u00e9\uD83D\uDE00");
    m.put("b", Arrays.asList(true, null));
    m.put("a", 1.0);
    String json = CanonicalJson.write(m);
    assertThat(json).isEqualTo(
        "{\"a\":1.0,\"b\":[true,null],\"c\":\"\\u00e9\\ud83d\\ude00\",\"d\":1e-07,"
            + "\"e\":100000000000000000000}");
    assertThat(CanonicalJson.sha256Hex(m))
        .isEqualTo("8d2ed0be45298dbfa9776252f677c97aa3278cb3c554deec2b09d90e72439303");
  }

  @Test
  void keysSortByCodePointNotUtf16UnitAndControlCharactersAreEscapedLikePython() {
    Map<String, Object> m = new HashMap<>();
    m.put("z", 1);
    m.put("\ue000", 2);
    m.put("\uD83D\uDE00", 3); // U+1F600 sorts after U+E000 by code point, before it by UTF-16 unit
    m.put("a\u007f", "\u0000\u001f\u2028/\\\"");
    String json = CanonicalJson.write(m);
    // expected text and digest produced by CPython 3.11 json.dumps(sort_keys=True, separators=(',',':'))
    assertThat(json).isEqualTo("{\"a\\u007f\":\"\\u0000\\u001f\\u2028/\\\\\\\"\",\"z\":1,"
        + "\"\\ue000\":2,\"\\ud83d\\ude00\":3}");
    assertThat(CanonicalJson.sha256Hex(m))
        .isEqualTo("712529a7d4965708cd184004a4bd9b54c1273677a65372578d958d921a2bd95d");
  }

  @Test
  void namedEscapesAndNoWhitespace() {
    assertThat(CanonicalJson.write(List.of("\n\r\t\b\f", Map.of(), List.of())))
        .isEqualTo("[\"\\n\\r\\t\\b\\f\",{},[]]");
  }

  @Test
  void arraysKeepTheirOrder() {
    assertThat(CanonicalJson.sha256Hex(List.of("a", "b"))).isNotEqualTo(CanonicalJson.sha256Hex(List.of("b", "a")));
  }

  @Test
  void numbersOfEveryAcceptedType() {
    assertThat(CanonicalJson.write(List.of(1, 2L, (short) 3, (byte) 4, new BigInteger("-5"),
        new BigDecimal("6.50"), 7.0f, 0.1, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, false)))
        .isEqualTo("[1,2,3,4,-5,6.50,7.0,0.1,-0.0,NaN,Infinity,-Infinity,false]");
  }

  @Test
  void floatsAreWrittenAsPythonRepr() throws Exception {
    int checked = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        getClass().getResourceAsStream("/canonical/python-float-repr.txt"), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] parts = line.split(" ");
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16));
        assertThat(PythonFloatRepr.repr(d)).as("repr of %s", parts[0]).isEqualTo(parts[1]);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(600);
  }

  @Test
  void knownPythonReprs() {
    assertThat(PythonFloatRepr.repr(1e16)).isEqualTo("1e+16");
    assertThat(PythonFloatRepr.repr(1e15)).isEqualTo("1000000000000000.0");
    assertThat(PythonFloatRepr.repr(1e-4)).isEqualTo("0.0001");
    assertThat(PythonFloatRepr.repr(1e-5)).isEqualTo("1e-05");
    assertThat(PythonFloatRepr.repr(5e-324)).isEqualTo("5e-324");
    assertThat(PythonFloatRepr.repr(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(PythonFloatRepr.repr(Math.pow(2, 60))).isEqualTo("1.152921504606847e+18");
    assertThat(PythonFloatRepr.repr(1e23)).isEqualTo("1e+23");
    assertThat(PythonFloatRepr.repr(2.2250738585072014e-308)).isEqualTo("2.2250738585072014e-308");
  }

  @Property(tries = 2000)
  void reprReadsBackAsTheSameDouble(@ForAll double d) {
    String repr = PythonFloatRepr.repr(d);
    if (Double.isNaN(d)) {
      assertThat(repr).isEqualTo("NaN");
    } else if (Double.isInfinite(d)) {
      assertThat(repr).endsWith("Infinity");
    } else {
      assertThat(Double.doubleToLongBits(Double.parseDouble(repr)))
          .isEqualTo(Double.doubleToLongBits(d));
    }
  }

  @Property(tries = 500)
  void keyOrderOfTheInputDoesNotMatter(@ForAll Map<String, Integer> m) {
    Map<String, Object> reversed = new TreeMap<>(java.util.Collections.reverseOrder());
    reversed.putAll(m);
    assertThat(CanonicalJson.write(reversed)).isEqualTo(CanonicalJson.write(new HashMap<>(m)));
  }

  @Test
  void unsupportedTypesAreRejected() {
    assertThatThrownBy(() -> CanonicalJson.write(List.of(new Object())))
        .isInstanceOf(CanonicalizationException.class).hasMessageContaining("java.lang.Object");
    Map<Object, Object> badKey = new HashMap<>();
    badKey.put(1, "x");
    assertThatThrownBy(() -> CanonicalJson.write(badKey))
        .isInstanceOf(CanonicalizationException.class).hasMessageContaining("keys must be strings");
    Map<Object, Object> nullKey = new HashMap<>();
    nullKey.put(null, "x");
    assertThatThrownBy(() -> CanonicalJson.write(nullKey))
        .isInstanceOf(CanonicalizationException.class).hasMessageContaining("null");
  }

  @Test
  void excessiveNestingIsRejectedInsteadOfOverflowingTheStack() {
    Object v = "leaf";
    for (int i = 0; i < CanonicalJson.MAX_DEPTH + 1; i++) {
      List<Object> l = new ArrayList<>();
      l.add(v);
      v = l;
    }
    Object deep = v;
    assertThatThrownBy(() -> CanonicalJson.write(deep))
        .isInstanceOf(CanonicalizationException.class).hasMessageContaining("nested deeper");
  }

  @Test
  void selfReferencingListIsRejected() {
    List<Object> self = new ArrayList<>();
    self.add(self);
    assertThatThrownBy(() -> CanonicalJson.write(self)).isInstanceOf(CanonicalizationException.class);
  }

  @Test
  void codePointComparison() {
    assertThat(CanonicalJson.compareCodePoints("\uD83D\uDE00", "\ue000")).isPositive();
    assertThat(CanonicalJson.compareCodePoints("ab", "abc")).isNegative();
    assertThat(CanonicalJson.compareCodePoints("abc", "abc")).isZero();
  }
}
