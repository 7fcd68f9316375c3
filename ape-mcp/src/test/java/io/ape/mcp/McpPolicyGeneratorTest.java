package io.ape.mcp;

import static io.ape.mcp.Tools.connected;
import static io.ape.mcp.Tools.result;
import static io.ape.mcp.Tools.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ape.api.ActionIds;
import io.ape.api.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class McpPolicyGeneratorTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final McpPolicyGenerator generator = new McpPolicyGenerator();

  static JsonNode parse(String yaml) {
    try {
      return YAML.readTree(yaml);
    } catch (java.io.IOException e) {
      throw new AssertionError("generated policy is not valid YAML:\n" + yaml, e);
    }
  }

  static JsonNode rule(JsonNode policy, String action) {
    for (JsonNode r : policy.get("rules")) {
      if (r.get("action").asText().equals(action)) {
        return r;
      }
    }
    throw new AssertionError("no rule for " + action);
  }

  /**
   * Checks the document is in our policy format (with Jackson YAML, then with the real parser
   * and engine, which must accept it unchanged) and returns it.
   */
  static JsonNode assertPolicyFormat(String yaml) {
    io.ape.api.Policy parsed = io.ape.policy.yaml.PolicyParsers.yaml().parse(
        yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8), "generated.yaml",
        io.ape.api.PolicyLimits.defaults());
    assertThat(io.ape.core.policy.PolicyEngine.of(parsed).policy().defaultDecision())
        .isEqualTo(Outcome.DENY);
    JsonNode p = parse(yaml);
    assertThat(p.get("name").isTextual()).isTrue();
    assertThat(p.get("version").asText()).isEqualTo("1.0");
    assertThat(p.get("description").isTextual()).isTrue();
    assertThat(p.get("default_decision").asText()).isEqualTo("deny");
    assertThat(p.get("rules").isArray()).isTrue();
    List<String> keys = new ArrayList<>();
    p.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("name", "version", "description", "default_decision", "metadata", "rules");
    for (JsonNode r : p.get("rules")) {
      assertThat(ActionIds.isValid(r.get("action").asText())).as(r.get("action").asText()).isTrue();
      // deny: an explicit rule for a tool with signs of poisoning (so that the report names it)
      assertThat(r.get("decision").asText()).isIn("allow", "escalate", "deny");
      List<String> rk = new ArrayList<>();
      r.fieldNames().forEachRemaining(rk::add);
      assertThat(rk).isSubsetOf("action", "decision", "parameters", "conditions");
      if (r.has("conditions")) {
        r.get("conditions").fields().forEachRemaining(c -> {
          assertThat(c.getValue().size()).isEqualTo(1);
          c.getValue().fields().forEachRemaining(outer -> {
            // a list parameter's condition is under each
            var op = outer.getKey().equals("each") ? outer.getValue().fields().next() : outer;
            assertThat(op.getKey()).isIn("path_within", "domain_in", "denylist");
            assertThat(op.getValue().isArray()).isTrue();
          });
        });
      }
    }
    return p;
  }

  @Test
  void readOnlyAllowedWritesEscalatedPathsConstrained() {
    GeneratedPolicy g = generator.generate(result(connected("fs",
        tool("read_file", Tools.readOnly(), "path"),
        tool("write_file", Tools.destructive(), "path", "content"),
        tool("list_allowed_directories", Tools.readOnly()))));
    JsonNode p = assertPolicyFormat(g.yaml());
    assertThat(rule(p, "fs.read_file").get("decision").asText()).isEqualTo("allow");
    assertThat(rule(p, "fs.read_file").at("/conditions/path/path_within/0").asText())
        .isEqualTo(PolicyPlaceholders.ROOT);
    assertThat(rule(p, "fs.write_file").get("decision").asText()).isEqualTo("escalate");
    assertThat(rule(p, "fs.write_file").at("/conditions/path/path_within/0").asText())
        .isEqualTo(PolicyPlaceholders.ROOT);
    assertThat(rule(p, "fs.list_allowed_directories").has("conditions")).isFalse();
    assertThat(g.report().allowedCount()).isEqualTo(2);
    assertThat(g.report().escalatedCount()).isEqualTo(1);
    assertThat(g.hasPlaceholders()).isTrue();
  }

  @Test
  void openWorldToolGetsADomainPlaceholder() {
    GeneratedPolicy g = generator.generate(result(connected("fetch",
        tool("fetch", new ToolHints(true, false, true, true), "url"))));
    JsonNode p = assertPolicyFormat(g.yaml());
    assertThat(rule(p, "fetch.fetch").get("decision").asText()).isEqualTo("allow");
    assertThat(rule(p, "fetch.fetch").at("/conditions/url/domain_in/0").asText())
        .isEqualTo(PolicyPlaceholders.DOMAINS);
  }

  @Test
  void placeholdersAreFoundForStrictValidation() {
    String yaml = generator.generate(result(connected("fs", tool("read_file", Tools.readOnly(), "path")))).yaml();
    assertThat(PolicyPlaceholders.containsPlaceholders(yaml)).isTrue();
    assertThat(PolicyPlaceholders.find(yaml)).singleElement().asString().endsWith(": " + PolicyPlaceholders.ROOT);
    String filled = yaml.replace(PolicyPlaceholders.ROOT, "/srv/data");
    assertThat(PolicyPlaceholders.containsPlaceholders(filled)).isFalse();
    assertThat(PolicyPlaceholders.find(filled)).isEmpty();
    assertThat(PolicyPlaceholders.containsPlaceholders(
        "rules:\n  - action: \"a.b\"  # was TODO-set-allowed-root\n    decision: allow\n")).isFalse();
    assertThat(PolicyPlaceholders.containsPlaceholders(
        "description: \"uses # inside TODO-set-allowed-root\"\n")).isTrue();
    assertThat(PolicyPlaceholders.containsPlaceholders("rules: []")).isFalse();
  }

  @Test
  void failedAndSkippedServersGetNoRulesAndAreReported() {
    ScanResult scan = result(connected("ok", tool("get", Tools.readOnly())),
        new ServerScan("hangs", "", TransportKind.STDIO, ServerStatus.TIMED_OUT, "no answer", "", List.of()),
        new ServerScan("broken", "", TransportKind.STDIO, ServerStatus.FAILED, "cannot start", "", List.of()));
    GeneratedPolicy g = generator.generate(scan);
    JsonNode p = assertPolicyFormat(g.yaml());
    assertThat(p.get("rules")).hasSize(1);
    assertThat(g.report().unscanned()).hasSize(2).anyMatch(u -> u.startsWith("hangs: TIMED_OUT"));
    assertThat(g.yaml()).contains("# Not scanned (all tools denied): hangs: TIMED_OUT");
  }

  @Test
  void noToolsGivesAnEmptyDenyAllPolicy() {
    GeneratedPolicy g = generator.generate(result());
    JsonNode p = assertPolicyFormat(g.yaml());
    assertThat(p.get("rules")).isEmpty();
    assertThat(g.hasPlaceholders()).isFalse();
    assertThat(p.at("/metadata/servers").isArray()).isTrue();
  }

  @Test
  void collidingToolNamesAcrossServersAreNamespacedAndReported() {
    ScanResult scan = result(connected("fs1", tool("read_file", Tools.readOnly(), "path")),
        connected("fs2", tool("read_file", Tools.readOnly(), "path")));
    GeneratedPolicy g = generator.generate(scan);
    JsonNode p = assertPolicyFormat(g.yaml());
    assertThat(rule(p, "fs1.read_file")).isNotNull();
    assertThat(rule(p, "fs2.read_file")).isNotNull();
    assertThat(g.report().collisions()).singleElement()
        .satisfies(c -> assertThat(c.servers()).containsExactly("fs1", "fs2"));
  }

  @Test
  void namesOutsideTheAlphabetAreMappedAndReported() {
    ScanResult scan = result(connected("slack", tool("post message", Tools.destructive()),
        tool("post_message", Tools.destructive()), tool("2fa/check", Tools.readOnly())),
        connected("my server", tool("ping", Tools.readOnly())));
    GeneratedPolicy g = generator.generate(scan);
    JsonNode p = assertPolicyFormat(g.yaml());
    assertThat(p.get("rules")).hasSize(4);
    assertThat(rule(p, "slack.post_message").get("decision").asText()).isEqualTo("escalate");
    assertThat(rule(p, "slack.2fa_check").get("decision").asText()).isEqualTo("allow");
    assertThat(rule(p, "my_server.ping").get("decision").asText()).isEqualTo("allow");
    assertThat(g.report().renamed()).extracting(ActionIdMapping::tool)
        .containsExactlyInAnyOrder("post message", "2fa/check", "ping");
    assertThat(g.report().renamed()).anyMatch(m -> m.tool().equals("post message")
        && m.actionId().matches("slack\\.post_message-[0-9a-f]{8}"));
    assertThat(McpReports.riskText(g.report())).contains("Renamed action ids");
  }

  /** Attack: YAML injection through tool and parameter names chosen by a malicious server. */
  @Test
  void hostileNamesCannotInjectYaml() {
    String evil = "x\"\n  - action: \"evil.tool\"\n    decision: allow\n#";
    Map<String, Object> schema = Map.of("type", "object", "properties",
        Map.of("path\": {allow}\n  x", Map.of("type", "string"), "file\u2028\u0085name", Map.of("type", "string")));
    ScannedTool t = new ScannedTool(evil, "", "", schema, Tools.destructive(), ToolSource.SERVER, "");
    ScannedTool u = tool("\u202eelif_daer", Tools.readOnly());
    GeneratedPolicy g = new McpPolicyGenerator("name: \"with\nnewline").generate(
        result(connected("srv\n- action: evil", t, u)));
    JsonNode p = assertPolicyFormat(g.yaml());
    assertThat(p.get("rules")).hasSize(2);
    for (JsonNode r : p.get("rules")) {
      assertThat(r.get("action").asText()).isNotEqualTo("evil.tool").startsWith("srv_-_action__evil.");
    }
    assertThat(p.get("name").asText()).isEqualTo("name: \"with\nnewline");
    JsonNode conds = p.get("rules").get(0).get("conditions");
    assertThat(conds.has("path\": {allow}\n  x")).isTrue();
    assertThat(conds.has("file\u2028\u0085name")).isTrue();
  }

  @Test
  void theSameScanAlwaysGivesTheSameText() {
    ScanResult scan = result(connected("a", tool("x y", Tools.readOnly(), "path"), tool("x_y", Tools.destructive())),
        connected("b", tool("x y", Tools.readOnly())));
    assertThat(generator.generate(scan).yaml()).isEqualTo(generator.generate(scan).yaml());
  }

  @Test
  void aServerInSeveralScopesSharesANamespaceWithTheMostRestrictiveVerdict() {
    ServerScan user = connected("git", tool("git_log", Tools.readOnly(), "repo_path"));
    ServerScan project = new ServerScan("git", "/p", TransportKind.STDIO, ServerStatus.CONNECTED, "", "",
        List.of(tool("git_log", Tools.destructive(), "repo_path")));
    GeneratedPolicy g = generator.generate(result(user, project));
    JsonNode p = assertPolicyFormat(g.yaml());
    assertThat(p.get("rules")).hasSize(1);
    assertThat(rule(p, "git.git_log").get("decision").asText()).isEqualTo("escalate");
    assertThat(g.report().tools()).singleElement().satisfies(t -> assertThat(t.decision()).isEqualTo(Outcome.ESCALATE));
  }

  @Test
  void inferredScansSayItInThePolicyAndTheReport() {
    ScanResult scan = McpScanner.builder().build().scan(Fixtures.read("claude_desktop_config.json"));
    GeneratedPolicy g = generator.generate(scan);
    JsonNode p = assertPolicyFormat(g.yaml());
    assertThat(g.yaml()).contains("NOT read from the servers");
    assertThat(p.at("/metadata/tools_from").asText()).isEqualTo("inferred");
    assertThat(McpReports.riskText(g.report())).contains("INFERRED");
    assertThat(rule(p, "filesystem.write_file").get("decision").asText()).isEqualTo("escalate");
    assertThat(rule(p, "filesystem.read_file").get("decision").asText()).isEqualTo("allow");
    assertThat(rule(p, "fetch.fetch").at("/conditions/url/domain_in/0").asText()).isEqualTo(PolicyPlaceholders.DOMAINS);
    assertThat(rule(p, "github.merge_pull_request").get("decision").asText()).isEqualTo("escalate");
    assertThat(p.get("rules").findValuesAsText("action")).noneMatch(a -> a.startsWith("digital-ocean."));
  }

  @Test
  void policyNameMustNotBeBlank() {
    assertThatThrownBy(() -> new McpPolicyGenerator(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reportSerialisesToJson() {
    GeneratedPolicy g = generator.generate(result(connected("fs", tool("read_file", Tools.readOnly(), "path"))));
    JsonNode json = parse(McpReports.toJson(g.report()));
    assertThat(json.at("/tools/0/actionId").asText()).isEqualTo("fs.read_file");
    assertThat(json.at("/tools/0/decision").asText()).isEqualTo("ALLOW");
    assertThat(json.at("/tools/0/pathParameters/0").asText()).isEqualTo("path");
  }
}
