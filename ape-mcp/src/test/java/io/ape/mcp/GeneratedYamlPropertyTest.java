package io.ape.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Attack: any names a server reports must still yield a valid policy in our format. */
class GeneratedYamlPropertyTest {

  @Property(tries = 100)
  void anyNamesGiveAValidPolicyThatKeepsParameterNamesExactly(
      @ForAll @StringLength(max = 40) String server,
      @ForAll @Size(min = 1, max = 6) List<@StringLength(max = 60) String> toolNames,
      @ForAll @Size(max = 4) List<@StringLength(min = 1, max = 30) String> paramWords,
      @ForAll @StringLength(max = 60) String policyName) {
    Map<String, Object> props = new LinkedHashMap<>();
    for (String w : paramWords) {
      props.put(w + "_path", Map.of("type", "string"));
    }
    Map<String, Object> schema = Map.of("type", "object", "properties", props);
    List<ScannedTool> tools = new ArrayList<>();
    for (String n : new java.util.LinkedHashSet<>(toolNames)) {
      tools.add(new ScannedTool(n, "", "", schema, Tools.readOnly(), ToolSource.SERVER, ""));
    }
    ServerScan s = new ServerScan(server, "", TransportKind.STDIO, ServerStatus.CONNECTED, "", "", tools);
    String name = policyName.isBlank() ? "p" : policyName;
    GeneratedPolicy g = new McpPolicyGenerator(name).generate(Tools.result(s));
    JsonNode p = McpPolicyGeneratorTest.assertPolicyFormat(g.yaml());
    assertThat(p.get("name").asText()).isEqualTo(name);
    assertThat(p.get("rules")).hasSize(tools.size());
    for (JsonNode rule : p.get("rules")) {
      if (!props.isEmpty() && rule.has("conditions")) {
        List<String> params = new ArrayList<>();
        rule.get("conditions").fieldNames().forEachRemaining(params::add);
        assertThat(props.keySet()).containsAll(params);
      }
    }
  }
}
