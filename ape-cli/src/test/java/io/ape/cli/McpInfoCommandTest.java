package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ape mcp-info} in-process on the fixture configurations. */
class McpInfoCommandTest {
  @TempDir
  Path dir;

  private static CliRun.Result ape(String... args) {
    return CliRun.run(CliContext.withEnvironment(new CliEnvironment(Map.of(), false)), args);
  }

  @Test
  void listsEachServerWithItsTransportAndMasksSecrets() {
    Path config = McpFixtures.copy("claude_desktop_config.json", dir);
    CliRun.Result r = ape("mcp-info", config.toString()).exits(ExitCode.OK);
    assertThat(r.out()).startsWith("MCP configuration: claude_desktop_config.json (Claude Desktop)\n"
        + "Servers: 4\n")
        .contains("  github\n    transport: STDIO\n    command:   npx -y "
            + "@modelcontextprotocol/server-github\n    env:       GITHUB_PERSONAL_ACCESS_TOKEN=***\n")
        .contains("command:   npx -y @digitalocean/mcp --api-token ***\n")
        .contains("env:       DIGITALOCEAN_API_TOKEN=***");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void showsUrlsHeadersScopesAndInputs() {
    Path claude = McpFixtures.copy("claude.json", dir);
    CliRun.Result r = ape("mcp-info", claude.toString()).exits(ExitCode.OK);
    assertThat(r.out()).contains("(Claude Code)")
        .contains("  issues  [project /home/dev/app]\n    transport: STREAMABLE_HTTP\n"
            + "    url:       https://mcp.issues.example.com/mcp\n    headers:   Authorization=***\n")
        .contains("transport: SSE\n    url:       https://search.example.com/sse?api_key=***\n");
    Path vscode = McpFixtures.copy("vscode-mcp.json", dir);
    assertThat(ape("mcp-info", vscode.toString()).exits(ExitCode.OK).out())
        .contains("(VS Code (mcp.json))").contains("inputs:    github-token");
  }

  @Test
  void jsonHasTheServersWithEnvAndHeaderNamesOnly() {
    Path config = McpFixtures.copy("windsurf-mcp_config.json", dir);
    CliRun.Result r = ape("mcp-info", config.toString(), "--json").exits(ExitCode.OK);
    assertThat(r.err()).isEmpty();
    JsonNode doc = r.json();
    assertThat(doc.get("format").asText()).isEqualTo("WINDSURF");
    JsonNode servers = doc.get("servers");
    assertThat(servers).hasSize(3);
    assertThat(servers.get(1).get("name").asText()).isEqualTo("remote-tools");
    assertThat(servers.get(1).get("transport").asText()).isEqualTo("STREAMABLE_HTTP");
    assertThat(servers.get(1).get("headers").get("Authorization").asText()).isEqualTo("***");
    assertThat(servers.get(2).get("disabled").asBoolean()).isTrue();
    assertThat(servers.get(0).has("declared_tools")).isTrue();
  }

  @Test
  void badInputsHaveTheirExitCodes() {
    ape("mcp-info", dir.resolve("nope.json").toString()).exits(ExitCode.FILE_NOT_FOUND);
    Path invalid = McpFixtures.copy("invalid.json", dir);
    assertThat(ape("mcp-info", invalid.toString()).exits(ExitCode.INVALID_POLICY).err())
        .contains(invalid + ":5:21");
    Path empty = McpFixtures.copy("no-servers.json", dir);
    assertThat(ape("mcp-info", empty.toString(), "--json").exits(ExitCode.ERROR).json()
        .get("error").get("message").asText()).contains("no MCP servers found");
  }
}
