package io.ape.agentdojo.data;

import io.ape.agentdojo.AgentDojoException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Python parameter annotations of the benchmark's tools ({@code str}, {@code int}, {@code
 * float}, {@code bool}, {@code list[str]}, {@code list[dict]}, {@code SharingPermission}, each
 * optionally {@code | None}) and their JSON schema. An annotation outside this set is an {@link
 * AgentDojoException}.
 *
 * @since 0.2.0
 */
public final class PythonTypes {
  private PythonTypes() {}

  /** {@code true} when the annotation admits {@code None}. */
  public static boolean nullable(String type) {
    return split(type).contains("None");
  }

  /** The annotation without {@code | None}. */
  public static String base(String type) {
    List<String> parts = split(type);
    parts.remove("None");
    if (parts.size() != 1) {
      throw new AgentDojoException("unsupported parameter type '" + type + "'");
    }
    return parts.get(0);
  }

  /** The JSON schema of an annotation. */
  public static Map<String, Object> schema(String type) {
    String base = base(type);
    Map<String, Object> schema = new LinkedHashMap<>();
    switch (base) {
      case "str" -> schema.put("type", "string");
      case "int" -> schema.put("type", "integer");
      case "float" -> schema.put("type", "number");
      case "bool" -> schema.put("type", "boolean");
      case "list[str]" -> {
        schema.put("type", "array");
        schema.put("items", Map.of("type", "string"));
      }
      case "list[dict]" -> {
        schema.put("type", "array");
        schema.put("items", Map.of("type", "object"));
      }
      case "SharingPermission" -> {
        schema.put("type", "string");
        schema.put("enum", List.of("r", "rw"));
      }
      default -> throw new AgentDojoException("unsupported parameter type '" + type + "'");
    }
    if (nullable(type)) {
      Object t = schema.get("type");
      schema.put("type", List.of(t, "null"));
      if (schema.containsKey("enum")) {
        List<Object> values = new ArrayList<>((List<?>) schema.get("enum"));
        values.add(null);
        schema.put("enum", values);
      }
    }
    return schema;
  }

  private static List<String> split(String type) {
    List<String> parts = new ArrayList<>();
    for (String p : type.split("\\|")) {
      parts.add(p.strip());
    }
    return parts;
  }
}
