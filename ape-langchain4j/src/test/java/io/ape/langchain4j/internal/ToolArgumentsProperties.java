package io.ape.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ActionParameterException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The model's arguments are read strictly, and the bound parameters survive re-encoding. */
class ToolArgumentsProperties {

  @Provide
  Arbitrary<Map<String, Object>> arguments() {
    Arbitrary<Object> leaf = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20).map(s -> s),
        Arbitraries.integers().map(i -> i), Arbitraries.of(true, false).map(b -> b),
        Arbitraries.bigDecimals().ofScale(3).between(BigDecimal.valueOf(-1e6),
            BigDecimal.valueOf(1e6)).map(d -> d),
        Arbitraries.strings().ofMaxLength(5).list().ofMaxSize(3).map(l -> l));
    return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8), leaf)
        .ofMaxSize(6).map(LinkedHashMap::new);
  }

  /** What the gate binds is what the original executor reads: encoding round-trips. */
  @Property(tries = 500)
  void boundParametersRoundTripThroughTheJsonTheToolReads(
      @ForAll("arguments") Map<String, Object> parameters) throws Exception {
    Map<String, Object> back = ToolArguments.parse("t", ToolArguments.toJson(parameters));
    assertThat(back.keySet()).containsExactlyElementsOf(parameters.keySet());
    parameters.forEach((k, v) -> {
      Object b = back.get(k);
      if (v instanceof BigDecimal d) {
        assertThat(new BigDecimal(b.toString()).compareTo(d)).isZero();
      } else if (v instanceof List<?> l) {
        assertThat(b).isEqualTo(List.copyOf(l));
      } else {
        assertThat(b).isEqualTo(v);
      }
    });
  }

  /** A key given twice is refused, whatever the values: the policy must see what the tool gets. */
  @Property(tries = 300)
  void aDuplicateKeyIsAlwaysRefused(@ForAll("arguments") Map<String, Object> parameters)
      throws Exception {
    String json = ToolArguments.toJson(parameters);
    String duplicated = json.equals("{}") ? "{\"to\":1,\"to\":2}"
        : json.substring(0, json.length() - 1) + "," + json.substring(1);
    assertThatThrownBy(() -> ToolArguments.parse("t", duplicated))
        .isInstanceOf(ActionParameterException.class);
  }
}
