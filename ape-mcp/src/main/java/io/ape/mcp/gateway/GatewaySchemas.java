package io.ape.mcp.gateway;

import io.ape.api.ActionDefinition;
import io.ape.core.actions.ActionRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of an upstream tool's JSON input schema that APE's engine checks.
 *
 * <p>APE validates arguments against a documented subset of JSON Schema and refuses a schema
 * with any other keyword (a keyword silently ignored would make validation weaker than its author
 * meant). MCP servers use the whole language ({@code anyOf}, {@code $ref}, {@code format:
 * date-time}, JavaScript regular expressions, ...), and they validate their own arguments. So the
 * gateway registers the <em>projection</em> of each schema onto the subset: every keyword APE
 * does not support is left out, together with the keywords whose meaning depends on one left out
 * ({@code additionalProperties} beside {@code patternProperties}, {@code items} beside
 * {@code prefixItems}), and values APE cannot read (a draft-4 boolean {@code exclusiveMinimum},
 * subschemas nested deeper than 12 levels) are left out too; if a {@code pattern} is not RE2
 * syntax, every pattern of the schema is left out. Since JSON Schema keywords are
 * conjunctive, the projection accepts everything the schema accepts (as APE reads values: a JSON
 * {@code 1.0} is a number, not an {@code integer}); it checks less, never more.
 * A schema whose root is not an object, or whose projection the engine still refuses, is
 * registered as {@code {"type": "object"}}.
 */
final class GatewaySchemas {
  private static final Logger LOG = LoggerFactory.getLogger(GatewaySchemas.class);
  static final Map<String, Object> ANY_OBJECT = Map.of("type", "object");
  private static final Set<String> TYPES =
      Set.of("string", "integer", "number", "boolean", "object", "array", "null");
  private static final Set<String> NUMBERS =
      Set.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum");
  private static final Set<String> COUNTS = Set.of("minLength", "maxLength", "minItems",
      "maxItems", "minProperties", "maxProperties");
  /** Schema levels projected (each is two map levels; APE copies at most 32). */
  private static final int MAX_DEPTH = 12;

  private GatewaySchemas() {}

  /**
   * The projection of {@code schema} onto APE's subset, checked by compiling it; {@code null}
   * stays {@code null} (the engine's default object schema).
   */
  static Map<String, Object> supported(Map<String, Object> schema) {
    if (schema == null) {
      return null;
    }
    // first with the patterns (most are RE2 syntax too), then without them
    for (boolean patterns : new boolean[] {true, false}) {
      Map<String, Object> root = root(schema, patterns);
      if (root == null) {
        return ANY_OBJECT;
      }
      String problem = problem(root);
      if (problem == null) {
        return root;
      }
      LOG.debug("an input schema is outside APE's subset after projection{} ({})",
          patterns ? "" : " without its patterns", problem);
    }
    return ANY_OBJECT;
  }

  private static Map<String, Object> root(Map<String, Object> schema, boolean patterns) {
    Object projected;
    try {
      projected = project(schema, 0, patterns);
    } catch (RuntimeException e) {
      return null;
    }
    if (!(projected instanceof Map<?, ?> m) || !"object".equals(m.get("type"))) {
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> root = (Map<String, Object>) m;
    return root;
  }

  /** Why the engine would refuse {@code schema}, or {@code null}. */
  private static String problem(Map<String, Object> schema) {
    try {
      new ActionRepository().register(ActionDefinition.builder("schema.check")
          .description("schema check").riskLevel(io.ape.api.RiskLevel.HIGH).parameterSchema(schema).build());
      return null;
    } catch (RuntimeException e) { // ApeException for a schema APE refuses
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }

  /** A schema (map or boolean) projected; anything else becomes {@code true} (accept all). */
  static Object project(Object schema, int depth, boolean patterns) {
    if (schema instanceof Boolean) {
      return schema;
    }
    if (!(schema instanceof Map<?, ?> raw) || depth > MAX_DEPTH) {
      return Boolean.TRUE;
    }
    boolean dropAdditional = raw.containsKey("patternProperties")
        || raw.containsKey("unevaluatedProperties");
    boolean dropItems = raw.containsKey("prefixItems") || raw.containsKey("unevaluatedItems");
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : raw.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        continue;
      }
      Object v = e.getValue();
      switch (key) {
        case "type" -> {
          if (isTypeName(v) || v instanceof List<?> l && !l.isEmpty()
              && l.stream().allMatch(GatewaySchemas::isTypeName)) {
            out.put(key, v);
          }
        }
        case "properties" -> {
          if (v instanceof Map<?, ?> props) {
            Map<String, Object> p = new LinkedHashMap<>();
            props.forEach((name, s) -> {
              if (name instanceof String n) {
                p.put(n, project(s, depth + 1, patterns));
              }
            });
            out.put(key, p);
          }
        }
        case "required" -> {
          if (v instanceof List<?> l && l.stream().allMatch(x -> x instanceof String)) {
            out.put(key, v);
          }
        }
        case "additionalProperties" -> {
          if (!dropAdditional && (v instanceof Boolean || v instanceof Map)) {
            out.put(key, project(v, depth + 1, patterns));
          }
        }
        case "items" -> {
          if (!dropItems && (v instanceof Boolean || v instanceof Map)) {
            out.put(key, project(v, depth + 1, patterns));
          }
        }
        case "enum" -> {
          if (v instanceof List<?> l && !l.isEmpty()) {
            out.put(key, v);
          }
        }
        case "const" -> out.put(key, v);
        case "pattern" -> {
          if (patterns && v instanceof String) {
            out.put(key, v);
          }
        }
        case "format" -> {
          if ("uri".equals(v) || "email".equals(v)) {
            out.put(key, v);
          }
        }
        case "uniqueItems" -> {
          if (v instanceof Boolean) {
            out.put(key, v);
          }
        }
        default -> {
          if (NUMBERS.contains(key) && isFiniteNumber(v)
              || COUNTS.contains(key) && isCount(v)) {
            out.put(key, v);
          }
        }
      }
    }
    return out;
  }

  private static boolean isTypeName(Object v) {
    return v instanceof String s && TYPES.contains(s);
  }

  private static boolean isFiniteNumber(Object v) {
    return v instanceof Number n && Double.isFinite(n.doubleValue());
  }

  private static boolean isCount(Object v) {
    return (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
        || v instanceof java.math.BigInteger) && ((Number) v).longValue() >= 0
        && ((Number) v).longValue() <= Integer.MAX_VALUE;
  }

}
