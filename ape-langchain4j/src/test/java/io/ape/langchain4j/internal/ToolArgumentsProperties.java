package io.ape.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ape.api.ActionParameterException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The model's arguments are read strictly, exactly as Jackson's strict data binding reads them
 * (no parser differential), and the text the original tool reads always decodes to the bound
 * parameters.
 */
class ToolArgumentsProperties {
  /** The reference: Jackson data binding with the strict settings the adapter promises. */
  static final ObjectMapper STRICT = JsonMapper.builder(
          com.fasterxml.jackson.core.JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder()
                  .maxNestingDepth(ToolArguments.MAX_DEPTH)
                  .maxStringLength(ToolArguments.MAX_CHARS).maxNumberLength(100).build())
              .build())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  @Provide
  Arbitrary<Map<String, Object>> arguments() {
    Arbitrary<Object> leaf = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20).map(s -> s),
        Arbitraries.integers().map(i -> i), Arbitraries.longs().map(l -> l),
        Arbitraries.of(true, false).map(b -> b), Arbitraries.just(null),
        Arbitraries.bigDecimals().ofScale(3).between(BigDecimal.valueOf(-1e6),
            BigDecimal.valueOf(1e6)).map(d -> d),
        Arbitraries.strings().ofMaxLength(5).list().ofMaxSize(3).map(l -> l),
        Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(4),
            Arbitraries.integers().map(i -> (Object) i)).ofMaxSize(3).map(m -> m));
    return Arbitraries.maps(Arbitraries.strings().ofMinLength(1).ofMaxLength(8), leaf)
        .ofMaxSize(6).map(LinkedHashMap::new);
  }

  /** Texts near valid arguments: valid ones, and valid ones with a character added or removed. */
  @Provide
  Arbitrary<String> nearlyArguments() {
    Arbitrary<String> valid = arguments().map(ToolArgumentsProperties::json);
    Arbitrary<String> broken = Combinators.combine(valid, Arbitraries.integers().between(0, 1000),
            Arbitraries.of("", "\"", ",", "}", "{", "]", "[", ":", "NaN", "1e999", "-", "0",
                " ", "/*", "'", "\\u0000", "tru", "nul", "{\"a\":1}"))
        .as((text, at, insert) -> {
          int i = Math.min(at, text.length());
          return insert.isEmpty() && !text.isEmpty()
              ? text.substring(0, Math.min(i, text.length() - 1)) + text.substring(
                  Math.min(i, text.length() - 1) + 1)
              : text.substring(0, i) + insert + text.substring(i);
        });
    return Arbitraries.oneOf(valid, broken);
  }

  static String json(Map<String, Object> m) {
    try {
      return ToolArguments.toJson(m);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the gate binds is what the original executor reads: encoding round-trips. */
  @Property(tries = 500)
  void boundParametersRoundTripThroughTheJsonTheToolReads(
      @ForAll("arguments") Map<String, Object> parameters) throws Exception {
    Map<String, Object> back = ToolArguments.parse("t", ToolArguments.toJson(parameters));
    assertThat(back.keySet()).containsExactlyElementsOf(parameters.keySet());
    assertThat(normal(back)).isEqualTo(normal(parameters));
  }

  /**
   * The streaming reader and Jackson's strict data binding agree on every text: both refuse it,
   * or both read the same parameters (same values, same types). A differential between the
   * reader and the tool's parser is how a policy would see one value and the tool another.
   */
  @Property(tries = 2000)
  void theReaderAgreesWithStrictDataBinding(@ForAll("nearlyArguments") String text) {
    Object reference;
    try {
      reference = STRICT.readValue(text, Object.class);
    } catch (Exception e) {
      reference = e;
    }
    if (text.isBlank()) {
      assertThat(ToolArguments.parse("t", text)).isEmpty();
      return;
    }
    if (reference instanceof Map<?, ?> expected) {
      assertThat(ToolArguments.parse("t", text)).isEqualTo(expected);
    } else {
      assertThatThrownBy(() -> ToolArguments.parse("t", text)).as(text)
          .isInstanceOf(ActionParameterException.class);
    }
  }

  /**
   * Whatever the engine binds, the text handed to the original decodes to exactly the bound
   * parameters: the model's own text when the engine bound what was proposed, a re-encoding
   * when anything differs (a changed value, a key more or less, another number type).
   */
  @Property(tries = 1000)
  void theTextTheOriginalReadsDecodesToTheBoundParameters(
      @ForAll("arguments") Map<String, Object> proposed,
      @ForAll("arguments") Map<String, Object> other,
      @ForAll("changes") int change) throws Exception {
    String modelText = " " + json(proposed).replace(",", " , ") + "\n";
    Map<String, Object> parsed = ToolArguments.parse("t", modelText);
    Map<String, Object> bound = new LinkedHashMap<>(parsed);
    switch (change) {
      case 1 -> bound.putAll(other);
      case 2 -> bound.keySet().removeIf(k -> k.hashCode() % 2 == 0);
      case 3 -> bound.replaceAll((k, v) -> v instanceof Integer i ? Long.valueOf(i) : v);
      case 4 -> bound = other;
      default -> { } // bound exactly what was proposed
    }
    String text = ToolArguments.textFor(bound, parsed, modelText);
    assertThat(normal(STRICT.readValue(text, Object.class))).isEqualTo(normal(bound));
    if (change == 0 && !parsed.isEmpty()) {
      assertThat(text).isSameAs(modelText);
    }
  }

  /** JSON has one integer type: Integer, Long and BigInteger of one value are the same number. */
  static Object normal(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger) {
      return new java.math.BigInteger(v.toString());
    }
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(k, normal(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(ToolArgumentsProperties::normal).toList();
    }
    return v;
  }

  @Provide
  Arbitrary<Integer> changes() {
    return Arbitraries.integers().between(0, 4);
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

  /** Deep nesting, long texts and long numbers are refused before anything reads them. */
  @Property(tries = 50)
  void oversizedArgumentsAreRefused(@ForAll("sizes") int depth) {
    String deep = "{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    if (depth >= ToolArguments.MAX_DEPTH) {
      assertThatThrownBy(() -> ToolArguments.parse("t", deep))
          .isInstanceOf(ActionParameterException.class);
    } else {
      assertThat(ToolArguments.parse("t", deep)).containsKey("a");
    }
    assertThatThrownBy(() -> ToolArguments.parse("t", "{\"a\":" + "1".repeat(101 + depth) + "}"))
        .isInstanceOf(ActionParameterException.class);
    assertThatThrownBy(() -> ToolArguments.parse("t",
        "{\"a\":\"" + "x".repeat(ToolArguments.MAX_CHARS) + "\"}"))
        .isInstanceOf(ActionParameterException.class);
  }

  @Provide
  Arbitrary<Integer> sizes() {
    return Arbitraries.integers().between(1, 200);
  }

  @Property(tries = 1)
  void listsStayLists() {
    assertThat(ToolArguments.parse("t", "{\"a\":[1,[2.5,\"x\"],{\"b\":null}]}").get("a"))
        .isEqualTo(List.of(1, List.of(new BigDecimal("2.5"), "x"), new LinkedHashMap<>(
            java.util.Collections.singletonMap("b", null))));
  }
}
