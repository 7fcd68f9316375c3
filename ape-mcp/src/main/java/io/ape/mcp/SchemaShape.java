package io.ape.mcp;

import java.util.Map;

/**
 * Whether a tool's input schema can be analysed for path and URL parameters: it must be an
 * object schema whose parameters are listed in a top-level {@code properties} map (or have none).
 * Schemas that compose others ({@code $ref}, {@code anyOf}, {@code oneOf}, {@code allOf}) at the
 * top are not analysed, and the generator then refuses to allow the tool.
 */
final class SchemaShape {
  private SchemaShape() {}

  /** {@code ""} if analysable, else why not. */
  static String problem(Map<String, Object> schema) {
    if (schema.isEmpty()) {
      return "";
    }
    for (String k : new String[] {"$ref", "anyOf", "oneOf", "allOf", "if", "patternProperties"}) {
      if (schema.containsKey(k)) {
        return "the input schema uses " + k + " at the top level; its parameters cannot be analysed";
      }
    }
    Object props = schema.get("properties");
    if (props != null && !(props instanceof Map)) {
      return "the input schema's properties is not an object";
    }
    Object type = schema.get("type");
    if (type != null && !"object".equals(type)) {
      return "the input schema is not of type object";
    }
    return "";
  }
}
