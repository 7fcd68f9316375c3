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

  @Property(tries = 500)
  void keyOrderDoesNotMatterAndEveryHashIsLowerCaseHex(@ForAll Map<String, Integer> m) {
    Map<String, Object> reversed = new java.util.TreeMap<>(java.util.Collections.reverseOrder());
    reversed.putAll(m);
    String hash = ParameterHash.of(m);
    assertThat(ParameterHash.of(reversed)).isEqualTo(hash);
    assertThat(hash).matches("[0-9a-f]{64}");
  }
}
