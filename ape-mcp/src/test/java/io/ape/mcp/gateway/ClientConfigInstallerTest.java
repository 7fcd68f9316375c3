package io.ape.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ape.mcp.ClientFormat;
import io.ape.mcp.McpConfig;
import io.ape.mcp.McpConfigException;
import io.ape.mcp.McpConfigReader;
import io.ape.mcp.TransportKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rewriting client configurations: every client, nothing lost, nothing overwritten. */
class ClientConfigInstallerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path dir;

  private ClientConfigInstaller.Plan plan(ClientConfigInstaller.Client c, String json) throws Exception {
    Path f = dir.resolve("config.json");
    Files.writeString(f, json, StandardCharsets.UTF_8);
    return ClientConfigInstaller.plan(c, f, dir.resolve("up.json"), List.of("ape"), List.of("--policy", "/p.yaml"),
        CLOCK);
  }

  @Test
  void theGatewayReadsTheServersBackInTheClientsOwnFormat() throws Exception {
    // Gemini's "url" means SSE: the upstream file must be read as Gemini's, or it would be HTTP.
    ClientConfigInstaller.Plan p = plan(ClientConfigInstaller.Client.GEMINI,
        "{\"theme\": \"dark\", \"mcpServers\": {\"remote\": {\"url\": \"https://example.invalid/events\"}}}");
    assertThat(p.newConfig()).contains("GEMINI_CLI").contains("\"theme\": \"dark\"");
    Files.writeString(p.upstream(), p.upstreamText());
    McpConfig read = new McpConfigReader().read(p.upstream(), ClientFormat.GEMINI_CLI);
    assertThat(read.servers()).singleElement().satisfies(s -> assertThat(s.transport()).isEqualTo(TransportKind.SSE));
  }

  @Test
  void vsCodeSettingsKeepTheirMcpBlockAndTheRestOfTheSettings() throws Exception {
    ClientConfigInstaller.Plan p = plan(ClientConfigInstaller.Client.VSCODE,
        "{\"editor.fontSize\": 14, \"mcp\": {\"servers\": {\"a\": {\"command\": \"x\"}}}}");
    JsonNode now = JSON.readTree(p.newConfig());
    assertThat(now.get("editor.fontSize").asInt()).isEqualTo(14);
    assertThat(now.get("mcp").get("servers").get("ape-gateway").get("type").asText()).isEqualTo("stdio");
    assertThat(p.newConfig()).contains("VSCODE_SETTINGS");
  }

  @Test
  void claudeCodeProjectServersAreLeftAndListed() throws Exception {
    ClientConfigInstaller.Plan p = plan(ClientConfigInstaller.Client.CLAUDE_CODE,
        "{\"mcpServers\": {\"a\": {\"command\": \"x\"}}, \"projects\": {\"/w\": {\"mcpServers\": {\"b\": "
            + "{\"command\": \"y\"}}}}}");
    assertThat(p.routed()).containsExactly("a");
    assertThat(p.notes()).anyMatch(n -> n.contains("project /w"));
    assertThat(JSON.readTree(p.newConfig()).get("projects").get("/w").get("mcpServers").has("b")).isTrue();
  }

  @Test
  void refusedConfigurations() {
    Map<String, String> refused = Map.of(
        "{\"mcpServers\": {}}", "no MCP server",
        "{\"other\": 1}", "no MCP server",
        "{\"mcpServers\": {\"ape-gateway\": {\"command\": \"ape\"}}}", "already routed",
        "{\"mcpServers\": {\"ape-gateway\": {}, \"x\": {}}}", "beside other servers",
        "[1, 2]", "not a JSON object",
        "{\"mcpServers\": {\"a\": {}, \"a\": {}}}", "not valid JSON");
    refused.forEach((json, why) -> assertThatThrownBy(() -> plan(ClientConfigInstaller.Client.CURSOR, json))
        .as(json).isInstanceOf(McpConfigException.class).hasMessageContaining(why));
  }

  @Test
  void applyNeverOverwritesABackup() throws Exception {
    ClientConfigInstaller.Plan p = plan(ClientConfigInstaller.Client.CLAUDE_DESKTOP,
        "{\"mcpServers\": {\"a\": {\"command\": \"x\"}}}");
    Files.writeString(p.backup(), "an older backup");
    Path backup = ClientConfigInstaller.apply(p);
    assertThat(backup).isNotEqualTo(p.backup());
    assertThat(p.backup()).hasContent("an older backup");
    assertThat(Files.readString(backup)).contains("\"a\"");
    assertThat(JSON.readTree(Files.readString(p.config())).get("mcpServers").has("ape-gateway")).isTrue();
  }

  @Test
  void everyClientHasADefaultConfigurationPath() {
    Path home = Path.of("/home/u");
    for (ClientConfigInstaller.Client c : ClientConfigInstaller.Client.values()) {
      assertThat(c.defaultConfig(home, "Linux", Map.of(), Path.of("/w"))).isAbsolute();
      assertThat(ClientConfigInstaller.Client.of(c.cliName())).isEqualTo(c);
    }
    assertThat(ClientConfigInstaller.Client.CLAUDE_DESKTOP.defaultConfig(home, "Mac OS X", Map.of(), home))
        .isEqualTo(home.resolve("Library/Application Support/Claude/claude_desktop_config.json"));
    assertThat(ClientConfigInstaller.Client.CLAUDE_DESKTOP.defaultConfig(home, "Windows 11",
        Map.of("APPDATA", "/appdata"), home)).isEqualTo(Path.of("/appdata", "Claude", "claude_desktop_config.json"));
    assertThatThrownBy(() -> ClientConfigInstaller.Client.of("emacs")).isInstanceOf(IllegalArgumentException.class);
  }
}
