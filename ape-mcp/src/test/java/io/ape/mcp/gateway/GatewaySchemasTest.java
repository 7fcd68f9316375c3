package io.ape.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.ActionDefinition;
import io.ape.core.actions.ActionRepository;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The projection of an upstream tool's input schema onto APE's subset: it always registers, it
 * keeps what APE can check, and it never refuses arguments the full schema accepts.
 */
class GatewaySchemasTest {
  /**
   * Whether the full JSON Schema validator (networknt, through the MCP SDK) accepts the arguments.
   * A new validator each time: the SDK's caches compiled schemas by {@code Map.hashCode()}, so two
   * different schemas with one hash share a compiled schema (seen here: jqwik found a pair).
   */
  private static boolean fullAccepts(Map<String, Object> schema, Map<String, Object> arguments) {
    return new DefaultJsonSchemaValidator().validate(schema, arguments).valid();
  }

  /** Whether APE's engine accepts {@code arguments} for an action with {@code schema}. */
  private static boolean apeAccepts(Map<String, Object> schema, Map<String, Object> arguments) {
    ActionRepository r = new ActionRepository();
    r.register(ActionDefinition.builder("t.t").description("t").riskLevel(io.ape.api.RiskLevel.LOW)
        .parameterSchema(schema).build());
    return r.checkParameters("t.t", arguments).isEmpty();
  }

  @Test
  void whatApeSupportsIsKeptAndChecked() {
    Map<String, Object> schema = Map.of("type", "object", "required", List.of("path"),
        "additionalProperties", false,
        "properties", Map.of("path", Map.of("type", "string", "minLength", 1, "description", "where"),
            "n", Map.of("type", "integer", "maximum", 10)));
    Map<String, Object> p = GatewaySchemas.supported(schema);
    assertThat(p).containsEntry("required", List.of("path")).containsEntry("additionalProperties", false);
    assertThat(apeAccepts(p, Map.of("path", "/a", "n", 3))).isTrue();
    assertThat(apeAccepts(p, Map.of("n", 3))).as("required").isFalse();
    assertThat(apeAccepts(p, Map.of("path", "/a", "n", 11))).as("maximum").isFalse();
    assertThat(apeAccepts(p, Map.of("path", "/a", "other", 1))).as("additionalProperties").isFalse();
  }

  @Test
  void unsupportedKeywordsAreLeftOutAndWhatDependsOnThemToo() {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.put("type", "object");
    schema.put("patternProperties", Map.of("^x-", Map.of("type", "string")));
    schema.put("additionalProperties", false);
    schema.put("properties", Map.of(
        "when", Map.of("type", "string", "format", "date-time"),
        "either", Map.of("anyOf", List.of(Map.of("type", "string"), Map.of("type", "number"))),
        "pair", Map.of("type", "array", "prefixItems", List.of(Map.of("type", "string")), "items", false),
        "js", Map.of("type", "string", "pattern", "^(?=a)a+$"),
        "old", Map.of("type", "number", "minimum", 1, "exclusiveMinimum", true)));
    Map<String, Object> p = GatewaySchemas.supported(schema);
    assertThat(p).doesNotContainKeys("patternProperties", "additionalProperties", "$schema");
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> props = (Map<String, Map<String, Object>>) (Map<?, ?>) p.get("properties");
    assertThat(props.get("when")).containsOnlyKeys("type");
    assertThat(props.get("either")).isEmpty();
    assertThat(props.get("pair")).containsOnlyKeys("type");
    assertThat(props.get("js")).as("a lookahead is not RE2: patterns are left out").containsOnlyKeys("type");
    assertThat(props.get("old")).containsOnlyKeys("type", "minimum");
    assertThat(apeAccepts(p, Map.of("x-extra", "v", "pair", List.of("a", 1), "either", 2))).isTrue();
  }

  @Test
  void aSchemaThatIsNotAnObjectSchemaIsCheckedAsAnObject() {
    assertThat(GatewaySchemas.supported(Map.of("type", "string"))).isEqualTo(GatewaySchemas.ANY_OBJECT);
    assertThat(GatewaySchemas.supported(Map.of("properties", Map.of()))).isEqualTo(GatewaySchemas.ANY_OBJECT);
    assertThat(GatewaySchemas.supported(null)).isNull();
    Map<String, Object> deep = Map.of("type", "object");
    for (int i = 0; i < 40; i++) {
      deep = Map.of("type", "object", "properties", Map.of("d", deep));
    }
    assertThat(apeAccepts(GatewaySchemas.supported(deep), Map.of("d", Map.of()))).isTrue();
  }

  /** Whatever a server sends, the projection registers in the engine. */
  @Property(tries = 300)
  void theProjectionAlwaysRegisters(@ForAll("schemas") Map<String, Object> schema) {
    Map<String, Object> p = GatewaySchemas.supported(schema);
    assertThat(p.get("type")).isEqualTo("object");
    apeAccepts(p, Map.of());
  }

  /** The projection checks less, never more: what the full schema accepts, APE accepts. */
  @Property(tries = 500)
  void theProjectionNeverRefusesWhatTheSchemaAccepts(@ForAll("schemas") Map<String, Object> schema,
      @ForAll("arguments") Map<String, Object> arguments) {
    if (fullAccepts(schema, arguments)) {
      assertThat(apeAccepts(GatewaySchemas.supported(schema), arguments))
          .as("schema %s, arguments %s, projection %s", schema, arguments, GatewaySchemas.supported(schema))
          .isTrue();
    }
  }

  @Provide
  Arbitrary<Map<String, Object>> schemas() {
    Arbitrary<Map<String, Object>> property = propertySchema();
    return Combinators.combine(
        Arbitraries.maps(Arbitraries.of("a", "b", "x-c"), property).ofMaxSize(3),
        Arbitraries.of("a", "b", "x-c").list().uniqueElements().ofMaxSize(2),
        Arbitraries.of(0, 1, 2, 3),
        Arbitraries.of("", "^x-", "^a"))
        .as((props, required, extra, pattern) -> {
          Map<String, Object> s = new LinkedHashMap<>();
          s.put("type", "object");
          s.put("properties", props);
          if (!required.isEmpty()) {
            s.put("required", required);
          }
          if (extra == 1) {
            s.put("additionalProperties", false);
          } else if (extra == 2) {
            s.put("additionalProperties", Map.of("type", "string"));
          } else if (extra == 3) {
            s.put("minProperties", 1);
          }
          if (!pattern.isEmpty()) {
            s.put("patternProperties", Map.of(pattern, Map.of("type", "integer")));
          }
          return s;
        });
  }

  private static Arbitrary<Map<String, Object>> propertySchema() {
    Arbitrary<Map<String, Object>> leaf = Arbitraries.of(
        Map.of("type", "string"),
        Map.of("type", "string", "minLength", 2),
        Map.of("type", "string", "maxLength", 3),
        Map.of("type", "string", "pattern", "^[a-z]+$"),
        Map.of("type", "string", "pattern", "^(?!z)"),
        Map.of("type", "string", "format", "date-time"),
        Map.of("type", "string", "enum", List.of("a", "bb")),
        Map.of("type", "integer"),
        Map.of("type", "integer", "minimum", 0, "maximum", 5),
        Map.of("type", "number", "exclusiveMaximum", 3),
        Map.of("type", List.of("string", "null")),
        Map.of("anyOf", List.of(Map.of("type", "string"), Map.of("type", "integer"))),
        Map.of("oneOf", List.of(Map.of("type", "integer"), Map.of("const", "x"))),
        Map.of("not", Map.of("type", "string")),
        Map.of("const", "a"),
        Map.of("type", "array", "items", Map.of("type", "integer")),
        Map.of("type", "array", "prefixItems", List.of(Map.of("type", "string")), "items", false),
        Map.of("type", "array", "contains", Map.of("type", "string"), "maxItems", 2),
        Map.of("$ref", "#/$defs/x"),
        Map.of("type", "object", "properties", Map.of("k", Map.of("type", "integer")),
            "additionalProperties", false),
        Map.of("type", "object", "dependentRequired", Map.of("k", List.of("j")),
            "patternProperties", Map.of("^j", Map.of("type", "string")), "additionalProperties", false),
        Map.of());
    return leaf;
  }

  @Provide
  Arbitrary<Map<String, Object>> arguments() {
    Arbitrary<Object> value = Arbitraries.oneOf(
        Arbitraries.of("a", "bb", "zz", "x", "2026-01-01T00:00:00Z", "").map(v -> (Object) v),
        Arbitraries.integers().between(-1, 7).map(v -> (Object) v),
        Arbitraries.of(List.of(), List.of("a"), List.of(1, 2), List.of("a", 1), List.of(1, 2, 3))
            .map(v -> (Object) v),
        Arbitraries.of(Map.of(), Map.of("k", 1), Map.of("k", "s"), Map.of("j", "s"), Map.of("k", 1, "j", "t"))
            .map(v -> (Object) v));
    return Arbitraries.maps(Arbitraries.of("a", "b", "x-c", "d"), value).ofMaxSize(3)
        .map(m -> new LinkedHashMap<String, Object>(new ArrayList<>(m.entrySet()).stream()
            .collect(LinkedHashMap::new, (acc, e) -> acc.put(e.getKey(), e.getValue()), Map::putAll)));
  }
}
