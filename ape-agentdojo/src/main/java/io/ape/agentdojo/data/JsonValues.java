package io.ape.agentdojo.data;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * JSON values as the harness passes them around: {@link String}, {@link Long}, {@link Double},
 * {@link Boolean}, {@code null}, {@link java.util.List} and string-keyed {@link
 * java.util.LinkedHashMap} (the types a model's JSON arguments have).
 *
 * @since 0.2.0
 */
public final class JsonValues {
  private JsonValues() {}

  /** The Java value of a JSON node. */
  public static Object of(JsonNode node) {
    return TaskParser.value(node);
  }
}
