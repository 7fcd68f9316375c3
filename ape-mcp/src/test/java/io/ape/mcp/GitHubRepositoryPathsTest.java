package io.ape.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ape.api.Outcome;
import io.ape.core.policy.PolicyEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub server's {@code path} arguments are paths inside a repository: a {@code path_within}
 * rule on them (absolute paths only) could never match, so the catalogue marks them and the
 * generator constrains them with {@code denylist} instead.
 */
class GitHubRepositoryPathsTest {
  @TempDir Path dir;

  private static GeneratedPolicy inferredGitHubPolicy() {
    McpConfig config = new McpConfigReader().parse(
        "{\"mcpServers\": {\"github\": {\"command\": \"npx\", "
            + "\"args\": [\"-y\", \"@modelcontextprotocol/server-github\"]}}}", "c.json", null);
    return new McpPolicyGenerator().generate(McpScanner.builder().build().scan(config));
  }

  private static ToolAssessment tool(GeneratedPolicy p, String name) {
    return p.report().tools().stream().filter(t -> t.tool().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void repositoryPathsGetNoDeadPathWithinRule() {
    GeneratedPolicy p = inferredGitHubPolicy();
    for (ToolAssessment t : p.report().tools()) {
      assertThat(t.pathParameters()).as(t.tool()).doesNotContain("path", "files");
    }
    JsonNode rules = McpPolicyGeneratorTest.parse(p.yaml()).path("rules");
    for (JsonNode r : rules) {
      assertThat(r.path("conditions").path("path").has("path_within")).as(r.toString()).isFalse();
    }
  }

  @Test
  void repositoryPathsAreConstrainedWithDenylistAndTheReportSaysWhy() {
    GeneratedPolicy p = inferredGitHubPolicy();
    ToolAssessment get = tool(p, "get_file_contents");
    assertThat(get.repositoryPathParameters()).containsExactly("path");
    assertThat(get.reasons()).anyMatch(r -> r.contains("repository-relative path parameters [path]")
        && r.contains("denylist") && r.contains("path_within does not apply"));
    JsonNode rule = rule(p, "github.get_file_contents");
    assertThat(rule.path("conditions").path("path").path("denylist").toString())
        .isEqualTo("[\"/*\",\"*\\\\*\"]");
    assertThat(p.yaml()).contains("# Paths inside a repository (e.g. GitHub's path)");
    assertThat(McpReports.riskText(p.report())).contains("repository-relative path parameters [path]");
    assertThat(McpReports.toJson(p.report())).contains("\"repositoryPathParameters\"");
  }

  @Test
  void pushFilesWhosePathsSitInsideObjectsIsEscalatedWithoutAPathCondition() {
    ToolAssessment push = tool(inferredGitHubPolicy(), "push_files");
    assertThat(push.decision()).isEqualTo(Outcome.ESCALATE);
    assertThat(push.pathParameters()).isEmpty();
    assertThat(push.reasons()).anyMatch(r -> r.contains("[files]") && r.contains("no condition operator"));
  }

  @Test
  void theGeneratedRuleAllowsRepositoryPathsAndRefusesAbsoluteOrEscapingOnes() throws IOException {
    Path file = dir.resolve("github.yaml");
    Files.writeString(file, inferredGitHubPolicy().yaml());
    PolicyEngine engine = PolicyEngine.fromFile(file);
    String get = "github.get_file_contents";
    Map<String, Object> base = Map.of("owner", "o", "repo", "r");
    assertThat(engine.evaluate(get, with(base, "src/Main.java")).outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(engine.evaluate(get, with(base, "README.md")).outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(engine.evaluate(get, with(base, "/etc/passwd")).outcome()).isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate(get, with(base, "src/../../etc/passwd")).outcome()).isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate(get, with(base, "..")).outcome()).isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate(get, with(base, "src\\..\\..\\x")).outcome()).isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate(get, base).outcome()).isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("github.create_or_update_file", with(base, "docs/a.md")).outcome())
        .isEqualTo(Outcome.ESCALATE);
    assertThat(engine.evaluate("github.create_or_update_file", with(base, "/docs/a.md")).outcome())
        .isEqualTo(Outcome.DENY);
  }

  @Test
  void aServerCannotMarkItsOwnPathParameterAsRepositoryRelativeToDodgePathWithin() {
    Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("path",
        Map.of("type", "string", ParameterKinds.KIND, ParameterKinds.REPOSITORY_PATH)));
    ScannedTool t = new ScannedTool("read_file", "", "", schema, Tools.readOnly(), ToolSource.SERVER, "");
    ToolClassifier.Verdict v = ToolClassifier.classify(t);
    assertThat(v.pathParameters()).containsExactly("path");
    assertThat(v.repositoryPathParameters()).isEmpty();
  }

  @Test
  void onlyTheGitHubEntryUsesRepositoryKindsAndTheCatalogueKnowsThem() {
    List<String> marked = ToolCatalogue.builtIn().entries().stream()
        .filter(e -> e.tools().stream().anyMatch(t -> !ParameterKinds.parametersOfKind(t.inputSchema(),
            ParameterKinds.REPOSITORY_PATH).isEmpty()))
        .map(ToolCatalogue.Entry::id).toList();
    assertThat(marked).containsExactly("github");
    assertThat(ToolCatalogue.parameterSchema("repo_path"))
        .containsEntry(ParameterKinds.KIND, ParameterKinds.REPOSITORY_PATH);
  }

  private static Map<String, Object> with(Map<String, Object> base, String path) {
    Map<String, Object> m = new java.util.HashMap<>(base);
    m.put("path", path);
    return m;
  }

  private static JsonNode rule(GeneratedPolicy p, String action) {
    for (JsonNode r : McpPolicyGeneratorTest.parse(p.yaml()).path("rules")) {
      if (r.path("action").asText().equals(action)) {
        return r;
      }
    }
    throw new AssertionError("no rule for " + action + ":\n" + p.yaml());
  }
}
