package io.ape.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The parameter hash a third-party issuer recomputes with ape-api alone. Expected digests come
 * from CPython 3: {@code hashlib.sha256(json.dumps(p, sort_keys=True,
 * separators=(',', ':')).encode()).hexdigest()}.
 */
class ParameterHashTest {

  @Test
  void emptyAndNullHashAsAnEmptyObject() {
    String empty = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a";
    assertThat(ParameterHash.of(Map.of())).isEqualTo(empty);
    assertThat(ParameterHash.of(null)).isEqualTo(empty);
  }

  @Test
  void pythonVectors() {
    assertThat(ParameterHash.of(Map.of("path", "/tmp/a.txt")))
        .isEqualTo("548d0264343c1d2d510c941fa833479bca4ba541a9e46ba8051d883dc53cb41a");
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("b", Arrays.asList(1, 2.5, null, true));
    nested.put("a", Map.of("z", "\u00e9\uD83D\uDE00", "y", 1e-07));
    assertThat(ParameterHash.of(nested))
        .isEqualTo("0ae5c10a1f4f81c8683de492b7d2116d3e3a4fb36ad5e9a9d8601b0956a6dbda");
  }

  @Test
  void theFrozenCopyAndTheCallersMapHashAlike() {
    Map<String, Object> raw = new HashMap<>();
    raw.put("path", "/tmp/a.txt");
    raw.put("n", List.of(1, 2));
    assertThat(ParameterHash.of(ParameterValues.copyOf(raw))).isEqualTo(ParameterHash.of(raw));
  }

  @Test
  void valueTypesMatter() {
    assertThat(ParameterHash.of(Map.of("n", 1))).isNotEqualTo(ParameterHash.of(Map.of("n", 1.0)))
        .isNotEqualTo(ParameterHash.of(Map.of("n", "1")));
  }

  @Test
  void matchesIsTotal() {
    Map<String, Object> p = Map.of("path", "/tmp/a.txt");
    assertThat(ParameterHash.matches(p, ParameterHash.of(p))).isTrue();
    assertThat(ParameterHash.matches(p, ParameterHash.of(Map.of()))).isFalse();
    assertThat(ParameterHash.matches(p, null)).isFalse();
    assertThat(ParameterHash.matches(Map.of("x", new Object()), "00")).isFalse();
  }

  @Test
  void unsupportedValuesAreRejected() {
    assertThatThrownBy(() -> ParameterHash.of(Map.of("x", new Object())))
        .isInstanceOf(CanonicalizationException.class);
    List<Object> self = new ArrayList<>();
    self.add(self);
    assertThatThrownBy(() -> ParameterHash.of(Map.of("x", self)))
        .isInstanceOf(CanonicalizationException.class);
  }

  /**
   * Attack class: a parameter map that hashes one way when the policy sees it and another when
   * the issuer rehashes it (a copy, another map class, a reordering). For arbitrary nested
   * values of the parameter model the hash of the caller's map, of its frozen copy and of a copy
   * with the keys in reverse order are one hash, and the canonical text is ASCII only.
   */
  @Property(tries = 1000)
  void theHashSurvivesCopiesAndReordering(@ForAll("parameterMaps") Map<String, Object> m) {
    String hash = ParameterHash.of(m);
    assertThat(ParameterHash.of(ParameterValues.copyOf(m))).isEqualTo(hash);
    assertThat(ParameterHash.of(reversed(m))).isEqualTo(hash);
    assertThat(CanonicalJson.write(m).chars().allMatch(c -> c >= 0x20 && c <= 0x7e)).isTrue();
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Map<String, Object>> parameterMaps() {
    net.jqwik.api.Arbitrary<Object> leaf = net.jqwik.api.Arbitraries.oneOf(
        net.jqwik.api.Arbitraries.strings().ofMaxLength(12).map(x -> (Object) x),
        net.jqwik.api.Arbitraries.integers().map(x -> (Object) x),
        net.jqwik.api.Arbitraries.longs().map(x -> (Object) x),
        net.jqwik.api.Arbitraries.doubles().map(x -> (Object) x),
        net.jqwik.api.Arbitraries.of(true, false).map(x -> (Object) x),
        net.jqwik.api.Arbitraries.bigIntegers().map(x -> (Object) x),
        net.jqwik.api.Arbitraries.just(null));
    net.jqwik.api.Arbitrary<Object> value = net.jqwik.api.Arbitraries.recursive(() -> leaf,
        inner -> net.jqwik.api.Arbitraries.oneOf(
            inner.list().ofMaxSize(4).map(x -> (Object) x),
            net.jqwik.api.Arbitraries.maps(net.jqwik.api.Arbitraries.strings().ofMaxLength(6),
                inner).ofMaxSize(4).map(x -> (Object) new HashMap<>(x))), 3);
    return net.jqwik.api.Arbitraries.maps(net.jqwik.api.Arbitraries.strings().ofMaxLength(8),
        value).ofMaxSize(6).map(HashMap::new);
  }

  @SuppressWarnings("unchecked")
  private static Object reversedValue(Object v) {
    if (v instanceof Map<?, ?> m) {
      return reversed((Map<String, Object>) m);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object e : l) {
        out.add(reversedValue(e));
      }
      return out;
    }
    return v;
  }

  private static Map<String, Object> reversed(Map<String, Object> m) {
    List<String> keys = new ArrayList<>(m.keySet());
    java.util.Collections.reverse(keys);
    Map<String, Object> out = new LinkedHashMap<>();
    for (String k : keys) {
      out.put(k, reversedValue(m.get(k)));
    }
    return out;
  }

  @Property(tries = 500)
  void keyOrderDoesNotMatterAndEveryHashIsLowerCaseHex(@ForAll Map<String, Integer> m) {
    Map<String, Object> reversed = new java.util.TreeMap<>(java.util.Collections.reverseOrder());
    reversed.putAll(m);
    String hash = ParameterHash.of(m);
    assertThat(ParameterHash.of(reversed)).isEqualTo(hash);
    assertThat(hash).matches("[0-9a-f]{64}");
  }
}
