package io.ape.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McpConfigReaderTest {
  private final McpConfigReader reader = new McpConfigReader();

  @Test
  void readsClaudeDesktopStdioEntries() {
    McpConfig c = Fixtures.read("claude_desktop_config.json");
    assertThat(c.format()).isEqualTo(ClientFormat.CLAUDE_DESKTOP);
    assertThat(c.sourceName()).isEqualTo("claude_desktop_config.json");
    assertThat(c.servers()).extracting(McpServerConfig::name)
        .containsExactly("filesystem", "github", "fetch", "digital-ocean");
    McpServerConfig github = c.server("github").orElseThrow();
    assertThat(github.transport()).isEqualTo(TransportKind.STDIO);
    assertThat(github.command()).isEqualTo("npx");
    assertThat(github.args()).containsExactly("-y", "@modelcontextprotocol/server-github");
    assertThat(github.env().names()).containsExactly("GITHUB_PERSONAL_ACCESS_TOKEN");
    assertThat(github.env().masked()).containsEntry("GITHUB_PERSONAL_ACCESS_TOKEN", "***");
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void readsClaudeCodeUserAndProjectServers() {
    McpConfig c = Fixtures.read("claude.json");
    assertThat(c.format()).isEqualTo(ClientFormat.CLAUDE_CODE);
    assertThat(c.servers()).extracting(McpServerConfig::name)
        .containsExactly("memory", "git", "issues", "search");
    assertThat(c.server("memory").orElseThrow().scope()).isEmpty();
    assertThat(c.server("git").orElseThrow().scope()).isEqualTo("/home/dev/app");
    McpServerConfig issues = c.server("issues").orElseThrow();
    assertThat(issues.transport()).isEqualTo(TransportKind.STREAMABLE_HTTP);
    assertThat(issues.url()).isEqualTo("https://mcp.issues.example.com/mcp");
    assertThat(issues.headers().names()).containsExactly("Authorization");
    McpServerConfig search = c.server("search").orElseThrow();
    assertThat(search.transport()).isEqualTo(TransportKind.SSE);
    assertThat(search.displayUrl()).isEqualTo("https://search.example.com/sse?api_key=***");
  }

  @Test
  void detectsCursorFromItsDirectory(@TempDir Path dir) {
    Path file = Fixtures.copy("cursor-mcp.json", dir, ".cursor/mcp.json");
    McpConfig c = reader.read(file);
    assertThat(c.format()).isEqualTo(ClientFormat.CURSOR);
    assertThat(c.sourceName()).isEqualTo("mcp.json");
    assertThat(c.server("linear").orElseThrow().transport()).isEqualTo(TransportKind.STREAMABLE_HTTP);
    assertThat(c.server("legacy-events").orElseThrow().transport()).isEqualTo(TransportKind.SSE);
    assertThat(c.server("filesystem").orElseThrow().transport()).isEqualTo(TransportKind.STDIO);
  }

  @Test
  void readsVsCodeMcpJsonWithCommentsTrailingCommasAndInputs() {
    McpConfig c = Fixtures.read("vscode-mcp.json");
    assertThat(c.format()).isEqualTo(ClientFormat.VSCODE);
    assertThat(c.inputs()).extracting(McpInput::id).containsExactly("github-token");
    assertThat(c.inputs().get(0).password()).isTrue();
    McpServerConfig github = c.server("github").orElseThrow();
    assertThat(github.inputRefs()).containsExactly("github-token");
    assertThat(c.server("docs").orElseThrow().transport()).isEqualTo(TransportKind.STREAMABLE_HTTP);
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void detectsVsCodeMcpJsonFromItsDirectory(@TempDir Path dir) {
    McpConfig c = reader.read(Fixtures.copy("vscode-mcp.json", dir, ".vscode/mcp.json"));
    assertThat(c.format()).isEqualTo(ClientFormat.VSCODE);
  }

  @Test
  void readsVsCodeSettingsMcpServers() {
    McpConfig c = Fixtures.read("vscode-settings.json");
    assertThat(c.format()).isEqualTo(ClientFormat.VSCODE_SETTINGS);
    assertThat(c.servers()).extracting(McpServerConfig::name).containsExactly("fetch", "time");
  }

  @Test
  void readsVsCodeSettingsWithTheFlatDottedKey() {
    McpConfig c = reader.parse("{\"mcp.servers\": {\"x\": {\"command\": \"node\"}}}", "settings.json", null);
    assertThat(c.format()).isEqualTo(ClientFormat.VSCODE_SETTINGS);
    assertThat(c.servers()).extracting(McpServerConfig::name).containsExactly("x");
  }

  @Test
  void readsWindsurfServerUrlAndDisabledEntries() {
    McpConfig c = Fixtures.read("windsurf-mcp_config.json");
    assertThat(c.format()).isEqualTo(ClientFormat.WINDSURF);
    McpServerConfig remote = c.server("remote-tools").orElseThrow();
    assertThat(remote.transport()).isEqualTo(TransportKind.STREAMABLE_HTTP);
    assertThat(remote.url()).isEqualTo("https://tools.example.com/mcp");
    assertThat(c.server("old-server").orElseThrow().disabled()).isTrue();
    assertThat(c.server("git").orElseThrow().disabled()).isFalse();
  }

  @Test
  void readsGeminiHttpUrlAsStreamableAndUrlAsSse(@TempDir Path dir) {
    McpConfig c = reader.read(Fixtures.copy("gemini-settings.json", dir, ".gemini/settings.json"));
    assertThat(c.format()).isEqualTo(ClientFormat.GEMINI_CLI);
    assertThat(c.server("streaming").orElseThrow().transport()).isEqualTo(TransportKind.STREAMABLE_HTTP);
    assertThat(c.server("events").orElseThrow().transport()).isEqualTo(TransportKind.SSE);
    McpServerConfig local = c.server("local").orElseThrow();
    assertThat(local.cwd()).isEqualTo("./servers");
    assertThat(local.env().names()).containsExactly("API_KEY");
  }

  @Test
  void geminiIsAlsoRecognisedByItsHttpUrlField() {
    assertThat(Fixtures.read("gemini-settings.json").format()).isEqualTo(ClientFormat.GEMINI_CLI);
  }

  @Test
  void anExplicitFormatOverridesDetection() {
    McpConfig c = reader.read(Fixtures.path("claude_desktop_config.json"), ClientFormat.CURSOR);
    assertThat(c.format()).isEqualTo(ClientFormat.CURSOR);
    assertThat(c.servers()).hasSize(4);
    McpConfig none = reader.read(Fixtures.path("claude_desktop_config.json"), ClientFormat.VSCODE);
    assertThat(none.servers()).isEmpty();
    assertThat(none.warnings()).anyMatch(w -> w.contains("no MCP servers found"));
  }

  @Test
  void missingFileIsATypedNotFoundError(@TempDir Path dir) {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> reader.read(missing))
        .isInstanceOf(McpConfigNotFoundException.class)
        .hasMessageContaining("nope.json")
        .satisfies(e -> assertThat(((McpConfigNotFoundException) e).file()).isEqualTo(missing.toString()));
  }

  @Test
  void aDirectoryIsAConfigErrorNotACrash(@TempDir Path dir) {
    assertThatThrownBy(() -> reader.read(dir))
        .isInstanceOf(McpConfigException.class)
        .isNotInstanceOf(McpConfigNotFoundException.class)
        .hasMessageContaining("is a directory");
  }

  @Test
  void invalidJsonIsATypedParseErrorWithLineAndColumn() {
    assertThatThrownBy(() -> Fixtures.read("invalid.json"))
        .isInstanceOfSatisfying(McpConfigParseException.class, e -> {
          assertThat(e.line()).isEqualTo(5);
          assertThat(e.column()).isEqualTo(21);
          assertThat(e.file()).endsWith("invalid.json");
          assertThat(e.getMessage()).contains("invalid.json:5:21");
        });
  }

  @Test
  void anUnquotedSecretInBrokenJsonIsNeverEchoed() {
    String json = "{\"mcpServers\": {\"x\": {\"command\": \"node\", \"env\": {\"TOKEN\": "
        + "fixture-secret-unquoted-0099}}}}";
    assertThatThrownBy(() -> reader.parse(json, "c.json", null))
        .isInstanceOfSatisfying(McpConfigParseException.class, e -> {
          assertThat(e.line()).isEqualTo(1);
          assertThat(e.column()).isPositive();
          assertThat(e.getMessage()).doesNotContain("fixture-secret").doesNotContain("unquoted-0099");
        });
  }

  @Test
  void truncatedJsonIsAParseError() {
    assertThatThrownBy(() -> reader.parse("{\"mcpServers\": {\"a\": {", "t.json", null))
        .isInstanceOf(McpConfigParseException.class);
  }

  @Test
  void emptyDocumentIsAParseError() {
    assertThatThrownBy(() -> reader.parse("   ", "e.json", null))
        .isInstanceOf(McpConfigParseException.class).hasMessageContaining("empty");
  }

  @Test
  void topLevelArrayIsAParseError() {
    assertThatThrownBy(() -> reader.parse("[1, 2]", "a.json", null))
        .isInstanceOf(McpConfigParseException.class)
        .hasMessageContaining("expected a JSON object");
  }

  @Test
  void serverSectionOfTheWrongTypeIsAParseError() {
    assertThatThrownBy(() -> reader.parse("{\"mcpServers\": [\"a\"]}", "a.json", null))
        .isInstanceOf(McpConfigParseException.class)
        .hasMessageContaining("mcpServers must be an object");
  }

  @Test
  void duplicateServerNameIsAParseErrorNamingIt() {
    String json = "{\"mcpServers\": {\"a\": {\"command\": \"x\"},\n \"a\": {\"command\": \"y\"}}}";
    assertThatThrownBy(() -> reader.parse(json, "d.json", null))
        .isInstanceOfSatisfying(McpConfigParseException.class, e -> {
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.getMessage()).contains("Duplicate field 'a'");
        });
  }

  @Test
  void trailingGarbageIsAParseError() {
    assertThatThrownBy(() -> reader.parse("{\"mcpServers\": {}} {}", "g.json", null))
        .isInstanceOf(McpConfigParseException.class);
  }

  @Test
  void aConfigWithoutServersReadsWithAClearWarning() {
    McpConfig c = Fixtures.read("no-servers.json");
    assertThat(c.hasNoServers()).isTrue();
    assertThat(c.format()).isEqualTo(ClientFormat.UNKNOWN);
    assertThat(c.warnings()).singleElement().asString()
        .contains("no MCP servers found in no-servers.json")
        .contains("mcpServers");
  }

  @Test
  void anEmptyServerMapAlsoWarns() {
    McpConfig c = reader.parse("{\"mcpServers\": {}}", "claude_desktop_config.json", null);
    assertThat(c.hasNoServers()).isTrue();
    assertThat(c.warnings()).anyMatch(w -> w.contains("no MCP servers found"));
  }

  @Test
  void malformedEntriesAreKeptWithTheirProblemAndDoNotHideGoodOnes() {
    McpConfig c = Fixtures.read("bad-entries.json");
    assertThat(c.servers()).hasSize(7);
    assertThat(c.server("good").orElseThrow().usable()).isTrue();
    assertThat(c.server("both").orElseThrow().problem()).contains("both a command and a URL");
    assertThat(c.server("neither").orElseThrow().problem()).contains("neither a command nor a URL");
    assertThat(c.server("wrong-type").orElseThrow().problem()).contains("unknown transport type 'websocket'");
    assertThat(c.server("env-object").orElseThrow().problem()).contains("env.TOKEN must be a string");
    assertThat(c.server("not-an-object").orElseThrow().problem()).contains("not a JSON object");
    assertThat(c.server("ftp").orElseThrow().problem()).contains("http or https");
    assertThat(c.warnings()).hasSize(6);
    assertThat(String.join("\n", c.warnings())).doesNotContain(Fixtures.SECRET_MARK);
  }

  @Test
  void undeclaredInputReferenceIsWarned() {
    String json = "{\"servers\": {\"s\": {\"command\": \"x\", \"env\": {\"T\": \"${input:tok}\"}}}}";
    McpConfig c = reader.parse(json, "mcp.json", null);
    assertThat(c.warnings()).anyMatch(w -> w.contains("input 'tok'"));
  }

  @Test
  void invalidUtf8IsAParseError(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("bad.json");
    Files.write(f, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'});
    assertThatThrownBy(() -> reader.read(f)).isInstanceOf(McpConfigParseException.class);
  }

  @Test
  void deeplyNestedDocumentIsRejectedNotACrash() {
    String deep = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);
    assertThatThrownBy(() -> reader.parse(deep, "deep.json", null))
        .isInstanceOf(McpConfigParseException.class);
  }

  @Test
  void everyFixtureReadsWithoutThrowing() {
    for (String f : List.of("claude_desktop_config.json", "claude.json", "cursor-mcp.json",
        "vscode-mcp.json", "vscode-settings.json", "windsurf-mcp_config.json", "gemini-settings.json",
        "no-servers.json", "bad-entries.json", "reference-servers.json")) {
      assertThat(Fixtures.read(f).sourceName()).isEqualTo(f);
    }
  }
}
