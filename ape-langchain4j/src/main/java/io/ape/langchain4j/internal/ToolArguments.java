package io.ape.langchain4j.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ape.api.ActionParameterException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model's JSON arguments as a parameter map, read strictly: one JSON object, no duplicate
 * keys (a policy must see the value the tool gets), no trailing tokens, floats as
 * {@link java.math.BigDecimal}, bounded nesting and sizes. Anything else is an
 * {@link ActionParameterException}: the call is refused, the tool does not run.
 */
final class ToolArguments {
  /** Deepest nesting accepted (as {@code ParameterValues.MAX_DEPTH}). */
  static final int MAX_DEPTH = 32;
  /** Longest arguments text accepted. */
  static final int MAX_CHARS = 1 << 20;

  private static final ObjectMapper JSON = JsonMapper.builder(
          com.fasterxml.jackson.core.JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_CHARS)
                  .maxNumberLength(100).build())
              .build())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private ToolArguments() {}

  /** The arguments of {@code json}; blank means none. */
  static Map<String, Object> parse(String toolId, String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    if (json.length() > MAX_CHARS) {
      throw new ActionParameterException(toolId,
          "arguments longer than " + MAX_CHARS + " characters");
    }
    Object value;
    try {
      value = JSON.readValue(json, Object.class);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new ActionParameterException(toolId, "arguments are not valid JSON ("
          + e.getClass().getSimpleName() + ")");
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new ActionParameterException(toolId, "arguments are not a JSON object");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  /** The bound parameters as the JSON arguments text the original executor reads. */
  static String toJson(Map<String, Object> parameters) throws JsonProcessingException {
    return JSON.writeValueAsString(parameters);
  }
}
