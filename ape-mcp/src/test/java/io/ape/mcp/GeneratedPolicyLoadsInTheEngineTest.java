package io.ape.mcp;

import static io.ape.mcp.Tools.connected;
import static io.ape.mcp.Tools.result;
import static io.ape.mcp.Tools.tool;
import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Outcome;
import io.ape.core.policy.PolicyEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The generated policies through the real YAML parser and policy engine. */
class GeneratedPolicyLoadsInTheEngineTest {
  @TempDir
  Path dir;

  private PolicyEngine load(String yaml) throws IOException {
    Path file = dir.resolve("generated.yaml");
    Files.writeString(file, yaml);
    return PolicyEngine.fromFile(file);
  }

  private static ScanResult sample() {
    return result(
        connected("filesystem",
            tool("read_file", Tools.readOnly(), "path"),
            tool("write_file", Tools.destructive(), "path", "content"),
            tool("move_file", Tools.destructive(), "source", "destination")),
        connected("fetch", tool("fetch", new ToolHints(true, false, true, true), "url")),
        connected("chat", tool("post message", Tools.destructive(), "text")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"claude_desktop_config.json", "claude.json", "cursor-mcp.json",
      "vscode-mcp.json", "vscode-settings.json", "windsurf-mcp_config.json", "gemini-settings.json",
      "no-servers.json", "bad-entries.json", "reference-servers.json"})
  void everyFixturesInferredPolicyLoads(String fixture) throws IOException {
    String yaml = new McpPolicyGenerator().generate(McpScanner.builder().build().scan(Fixtures.read(fixture))).yaml();
    PolicyEngine engine = load(yaml);
    assertThat(engine.policy().defaultDecision()).isEqualTo(Outcome.DENY);
  }

  @Test
  void anUnfilledPolicyLoadsButItsPlaceholdersMatchNothing() throws IOException {
    PolicyEngine engine = load(new McpPolicyGenerator().generate(sample()).yaml());
    assertThat(engine.evaluate("filesystem.read_file", Map.of("path", "/srv/data/a.txt")).outcome())
        .isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("fetch.fetch", Map.of("url", "https://example.com/")).outcome())
        .isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("filesystem.unknown_tool", Map.of()).outcome()).isEqualTo(Outcome.DENY);
  }

  @Test
  void aFilledPolicyAllowsReadsInsideTheRootEscalatesWritesAndDeniesTheRest() throws IOException {
    GeneratedPolicy g = new McpPolicyGenerator().generate(sample());
    String filled = g.yaml().replace(PolicyPlaceholders.ROOT, "/srv/data")
        .replace(PolicyPlaceholders.DOMAINS, "example.com");
    assertThat(PolicyPlaceholders.containsPlaceholders(filled)).isFalse();
    PolicyEngine engine = load(filled);
    assertThat(engine.evaluate("filesystem.read_file", Map.of("path", "/srv/data/a.txt")).outcome())
        .isEqualTo(Outcome.ALLOW);
    assertThat(engine.evaluate("filesystem.read_file", Map.of("path", "/etc/passwd")).outcome())
        .isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("filesystem.read_file", Map.of("path", "/srv/data/../../etc/passwd")).outcome())
        .isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("filesystem.read_file", Map.of()).outcome()).isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("filesystem.write_file", Map.of("path", "/srv/data/a.txt", "content", "x")).outcome())
        .isEqualTo(Outcome.ESCALATE);
    assertThat(engine.evaluate("filesystem.write_file", Map.of("path", "/etc/cron.d/x", "content", "x")).outcome())
        .isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("filesystem.move_file",
        Map.of("source", "/srv/data/a", "destination", "/tmp/a")).outcome()).isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("fetch.fetch", Map.of("url", "https://example.com/page")).outcome())
        .isEqualTo(Outcome.ALLOW);
    assertThat(engine.evaluate("fetch.fetch", Map.of("url", "https://example.com.evil.net/")).outcome())
        .isEqualTo(Outcome.DENY);
    String renamed = g.report().renamed().get(0).actionId();
    assertThat(engine.evaluate(renamed, Map.of("text", "hi")).outcome()).isEqualTo(Outcome.ESCALATE);
    assertThat(engine.evaluate("chat.post message", Map.of("text", "hi")).outcome()).isEqualTo(Outcome.DENY);
  }

  @Test
  void listParametersAreConstrainedAndReported() throws IOException {
    Map<String, Object> schema = Map.of("type", "object", "properties",
        Map.of("paths", Map.of("type", "array", "items", Map.of("type", "string"))));
    ScannedTool many = new ScannedTool("read_multiple_files", "", "", schema, Tools.readOnly(), ToolSource.SERVER, "");
    GeneratedPolicy g = new McpPolicyGenerator().generate(result(connected("fs", many)));
    assertThat(g.report().tools().get(0).reasons()).anyMatch(r -> r.contains("take lists"));
    assertThat(g.yaml()).contains("each: { path_within:");
    PolicyEngine engine = load(g.yaml().replace(PolicyPlaceholders.ROOT, "/srv/data"));
    // each element is checked: a list inside the root is allowed, one element outside is not
    assertThat(engine.evaluate("fs.read_multiple_files",
        Map.of("paths", List.of("/srv/data/a", "/srv/data/b"))).outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(engine.evaluate("fs.read_multiple_files",
        Map.of("paths", List.of("/srv/data/a", "/etc/passwd"))).outcome()).isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("fs.read_multiple_files", Map.of("paths", "/srv/data/a")).outcome())
        .isEqualTo(Outcome.DENY);
  }

  @Test
  void rulesAreClosedToTheParametersOfTheToolsSchema() throws IOException {
    Map<String, Object> schema = Map.of("type", "object", "properties", Map.of(
        "path", Map.of("type", "string"), "encoding", Map.of("type", "string")));
    ScannedTool read = new ScannedTool("read_file", "", "", schema, Tools.readOnly(),
        ToolSource.SERVER, "");
    GeneratedPolicy g = new McpPolicyGenerator().generate(result(connected("fs", read)));
    assertThat(g.yaml()).contains("parameters: [\"encoding\"]");
    PolicyEngine engine = load(g.yaml().replace(PolicyPlaceholders.ROOT, "/srv/data"));
    assertThat(engine.evaluate("fs.read_file", Map.of("path", "/srv/data/a", "encoding", "utf-8"))
        .outcome()).isEqualTo(Outcome.ALLOW);
    // an argument the schema does not declare is refused
    assertThat(engine.evaluate("fs.read_file", Map.of("path", "/srv/data/a", "follow", true))
        .outcome()).isEqualTo(Outcome.DENY);
  }
}
