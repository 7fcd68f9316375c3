package io.ape.core.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
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
    assertThat(Sha256.hex(json))
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
    assertThat(Sha256.hex(json))
        .isEqualTo("712529a7d4965708cd184004a4bd9b54c1273677a65372578d958d921a2bd95d");
  }

  @Test
  void namedEscapesAndNoWhitespace() {
    assertThat(CanonicalJson.write(List.of("\n\r\t\b\f", Map.of(), List.of())))
        .isEqualTo("[\"\\n\\r\\t\\b\\f\",{},[]]");
  }

  @Test
  void arraysKeepTheirOrder() {
    assertThat(Sha256.ofCanonical(List.of("a", "b"))).isNotEqualTo(Sha256.ofCanonical(List.of("b", "a")));
  }

  @Test
  void numbersOfEveryAcceptedType() {
    assertThat(CanonicalJson.write(List.of(1, 2L, (short) 3, (byte) 4, new BigInteger("-5"),
        new BigDecimal("6.50"), 7.0f, 0.1, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, false)))
        .isEqualTo("[1,2,3,4,-5,6.50,7.0,0.1,-0.0,NaN,Infinity,-Infinity,false]");
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

  @Test
  void delegatesToTheFormInApeApiAndKeepsItsOwnExceptionType() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", List.of(1, 2.5, "\u00e9"));
    m.put("a", Map.of("z", 1e-07));
    assertThat(CanonicalJson.write(m)).isEqualTo(io.ape.api.CanonicalJson.write(m));
    assertThat(ApeHashes.parametersHash(m)).isEqualTo(io.ape.api.ParameterHash.of(m))
        .isEqualTo(Sha256.ofCanonical(m));
    assertThatThrownBy(() -> CanonicalJson.write(List.of(new Object())))
        .isInstanceOf(CanonicalizationException.class)
        .isInstanceOf(io.ape.api.CanonicalizationException.class);
    assertThatThrownBy(() -> ApeHashes.parametersHash(Map.of("k", new Object())))
        .isInstanceOf(CanonicalizationException.class);
  }

  @Test
  void hexDigestShape() {
    assertThat(Sha256.isHexDigest(Sha256.hex(""))).isTrue();
    assertThat(Sha256.hex("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(Sha256.isHexDigest("ABC")).isFalse();
    assertThat(Sha256.isHexDigest(null)).isFalse();
    assertThat(Sha256.isHexDigest("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")).isFalse();
  }
}
