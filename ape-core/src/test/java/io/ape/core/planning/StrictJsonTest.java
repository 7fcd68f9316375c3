package io.ape.core.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StrictJsonTest {

  @Test
  void parsesEveryKindOfValue() {
    Object v = StrictJson.parse(" {\"a\": [1, -2, 3.5, 1e3, true, false, null],"
        + " \"b\": {\"c\": \"x\\n\\u00e9\\ud83d\\ude00\\/\"}, \"big\": 123456789012345678901} ");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", Arrays.asList(1L, -2L, 3.5, 1000.0, true, false, null));
    expected.put("b", Map.of("c", "x\n\u00e9\uD83D\uDE00/"));
    expected.put("big", new BigInteger("123456789012345678901"));
    assertThat(v).isEqualTo(expected);
    assertThat(StrictJson.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(StrictJson.parse("-0")).isEqualTo(0L);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("{\"a\":1,\"a\":2}", "duplicate key"),
        Arguments.of("[1,]", "unexpected character"),
        Arguments.of("{\"a\":1,}", "expected a string key"),
        Arguments.of("// x\n[]", "unexpected character"),
        Arguments.of("['a']", "unexpected character"),
        Arguments.of("NaN", "unexpected character"),
        Arguments.of("[01]", "leading zeros"),
        Arguments.of("[1.]", "expected a digit"),
        Arguments.of("1e999", "number out of range"),
        Arguments.of("\"a\u0001\"", "unescaped control character"),
        Arguments.of("\"\\x\"", "invalid escape"),
        Arguments.of("\"\\ud800\"", "unpaired surrogate"),
        Arguments.of("\"\\udc00x\"", "unpaired surrogate"),
        Arguments.of("[1] [2]", "unexpected content after the JSON value"),
        Arguments.of("[", "unexpected end of input"),
        Arguments.of("\"abc", "unterminated string"),
        Arguments.of("tru", "unexpected character"),
        Arguments.of("''", "unexpected character"),
        Arguments.of("{\"a\" 1}", "expected ':'"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void rejectsWhatRfc8259Rejects(String text, String problem) {
    assertThatThrownBy(() -> StrictJson.parse(text))
        .isInstanceOf(StrictJson.JsonSyntaxException.class)
        .hasMessageContaining(problem)
        .hasMessageStartingWith("invalid JSON at offset ");
  }

  @Test
  void boundsDepthAndLength() {
    String deep = "[".repeat(33) + "]".repeat(33);
    assertThatThrownBy(() -> StrictJson.parse(deep)).hasMessageContaining("nested deeper than 32");
    assertThat(StrictJson.parse("[".repeat(32) + "]".repeat(32))).isInstanceOf(List.class);
    assertThatThrownBy(() -> StrictJson.parse("[1, 2, 3]", 5))
        .hasMessageContaining("input longer than 5 characters");
    assertThatThrownBy(() -> StrictJson.parse(null)).hasMessageContaining("no input");
    assertThatThrownBy(() -> StrictJson.parse("1" + "0".repeat(500)))
        .hasMessageContaining("number too long");
  }

  @Test
  void errorsNeverQuoteTheInput() {
    assertThatThrownBy(() -> StrictJson.parse("{\"secret-token-123\": tru}"))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-token-123"));
  }

  @Provide
  Arbitrary<Object> values() {
    Arbitrary<Object> leaf = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s.replaceAll("[\uD800-\uDFFF]", "x")),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just(null));
    return Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(
        inner.list().ofMaxSize(4).map(l -> (Object) l),
        Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(5), inner).ofMaxSize(4)
            .map(m -> (Object) m)), 3);
  }

  @Property(tries = 300)
  void roundTripsWhatAWriterProduces(@ForAll("values") Object value) {
    assertThat(StrictJson.parse(write(value))).isEqualTo(value);
  }

  private static String write(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      StringBuilder sb = new StringBuilder("\"");
      for (char c : s.toCharArray()) {
        if (c == '"' || c == '\\' || c < 0x20) {
          sb.append(String.format("\\u%04x", (int) c));
        } else {
          sb.append(c);
        }
      }
      return sb.append('"').toString();
    }
    if (v instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      m.forEach((k, x) -> parts.add(write(k) + ":" + write(x)));
      return "{" + String.join(",", parts) + "}";
    }
    if (v instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      l.forEach(x -> parts.add(write(x)));
      return "[" + String.join(" , ", parts) + "]";
    }
    return String.valueOf(v);
  }
}
