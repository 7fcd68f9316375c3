package io.ape.springai.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.ape.api.ActionParameterException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's JSON arguments as a parameter map, read strictly: one JSON object, no duplicate
 * keys (a policy must see the value the tool gets), no trailing tokens, no {@code NaN}, floats as
 * {@link java.math.BigDecimal}, integers as {@code Integer}, {@code Long} or
 * {@code BigInteger}, bounded nesting and sizes. Anything else is an
 * {@link ActionParameterException}: the call is refused, the tool does not run.
 *
 * <p>Read with Jackson's streaming parser straight into the map (no data-binding pass, no
 * copy); the checks are the parser's own (duplicate detection, read constraints) plus the
 * end-of-input check here.
 */
final class ToolArguments {
  /** Deepest nesting accepted (as {@code ParameterValues.MAX_DEPTH}). */
  static final int MAX_DEPTH = 32;
  /** Longest arguments text accepted. */
  static final int MAX_CHARS = 1 << 20;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_CHARS).maxNumberLength(100).build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();
  /** Writes the bound parameters; shares the factory (and so its constraints). */
  private static final ObjectMapper JSON = JsonMapper.builder(FACTORY).build();

  private ToolArguments() {}

  /** The arguments of {@code json}; blank means none. */
  static Map<String, Object> parse(String toolId, String json) {
    if (json == null || json.isBlank()) {
      return new LinkedHashMap<>();
    }
    if (json.length() > MAX_CHARS) {
      throw new ActionParameterException(toolId,
          "arguments longer than " + MAX_CHARS + " characters");
    }
    try (JsonParser parser = FACTORY.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new ActionParameterException(toolId, "arguments are not a JSON object");
      }
      Map<String, Object> out = object(parser);
      if (parser.nextToken() != null) {
        throw new ActionParameterException(toolId,
            "arguments are not valid JSON (trailing content after the object)");
      }
      return out;
    } catch (ActionParameterException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ActionParameterException(toolId, "arguments are not valid JSON ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /** The object whose START_OBJECT the parser is on. */
  private static Map<String, Object> object(JsonParser parser) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    JsonToken t;
    while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      out.put(name, value(parser, parser.nextToken()));
    }
    if (t != JsonToken.END_OBJECT) {
      throw new MalformedArguments("unexpected token " + t);
    }
    return out;
  }

  private static List<Object> array(JsonParser parser) throws IOException {
    List<Object> out = new ArrayList<>();
    JsonToken t;
    while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
      out.add(value(parser, t));
    }
    return out;
  }

  private static Object value(JsonParser parser, JsonToken t) throws IOException {
    if (t == null) {
      throw new MalformedArguments("unexpected end of input");
    }
    return switch (t) {
      case START_OBJECT -> object(parser);
      case START_ARRAY -> array(parser);
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getNumberValue();
      case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new MalformedArguments("unexpected token " + t);
    };
  }

  /** The bound parameters as the JSON arguments text the original executor reads. */
  static String toJson(Map<String, Object> parameters) throws JsonProcessingException {
    return JSON.writeValueAsString(parameters);
  }

  /**
   * The arguments text for the original tool: {@code modelText} itself when the bound
   * parameters are exactly what {@link #parse} read from it (the usual case: nothing to
   * re-encode), else the bound parameters re-encoded. Either way the text decodes to exactly
   * the bound parameters.
   *
   * @param parsed what {@link #parse} returned for {@code modelText} (or {@code null})
   */
  static String textFor(Map<String, Object> bound, Map<String, Object> parsed, String modelText)
      throws JsonProcessingException {
    // a non-empty result of parse() comes from a non-blank text: that text encodes it exactly
    if (parsed != null && !parsed.isEmpty() && modelText != null && parsed.equals(bound)) {
      return modelText;
    }
    return toJson(bound);
  }

  /** A structural error found while walking the tokens (reported as invalid JSON). */
  private static final class MalformedArguments extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedArguments(String message) {
      super(message);
    }
  }
}
