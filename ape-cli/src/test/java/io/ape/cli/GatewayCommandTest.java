package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ape.audit.AuditVerifier;
import io.ape.audit.JsonlAuditSink;
import io.ape.mcp.ToolLock;
import io.ape.mcp.gateway.FakeUpstreamServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ape gateway}, {@code ape gateway install} and {@code ape mcp-pin}: in-process for the
 * commands that do not serve, and as a real process (the way a client starts it) for the gateway.
 */
@Timeout(180)
class GatewayCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** A configuration whose one server, "fake", is ape-mcp's fake upstream (a JVM). */
  private Path fakeConfig(String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), FakeUpstreamServer.class.getName()));
    args.addAll(List.of(extra));
    String json = "{\"mcpServers\": {\"fake\": {\"command\": " + JSON.writeValueAsString(java())
        + ", \"args\": " + JSON.writeValueAsString(args) + "}}}";
    Path p = dir.resolve("servers.json");
    Files.writeString(p, json, StandardCharsets.UTF_8);
    return p;
  }

  private Path policy() throws Exception {
    Path p = dir.resolve("policy.yaml");
    Files.writeString(p, """
        name: cli_gateway
        version: "1"
        default_decision: deny
        allowed_actions: ["fake.echo"]
        """, StandardCharsets.UTF_8);
    return p;
  }

  private static CliRun.Result run(String... args) {
    return CliRun.run(CliContext.system(), args);
  }

  @Test
  void theGatewayRunsAsTheProcessAClientStartsAndItsStdoutIsPureMcp() throws Exception {
    Path config = fakeConfig();
    Path audit = dir.resolve("audit.jsonl");
    ServerParameters params = ServerParameters.builder(java())
        .args("-cp", System.getProperty("java.class.path"), ApeCommand.class.getName(), "gateway",
            "--config", config.toString(), "--policy", policy().toString(), "--audit-log", audit.toString())
        .build();
    StdioClientTransport transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(JsonMapper.shared()));
    try (McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build()) {
      client.initialize();
      assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).containsExactly("fake.echo");
      McpSchema.CallToolResult ok = client.callTool(McpSchema.CallToolRequest.builder("fake.echo")
          .arguments(Map.of("text", "from the cli")).build());
      assertThat(text(ok)).contains("from the cli");
      McpSchema.CallToolResult denied = client.callTool(McpSchema.CallToolRequest.builder("fake.delete_everything")
          .arguments(Map.of("target", "/")).build());
      assertThat(denied.isError()).isTrue();
      assertThat(text(denied)).startsWith("APE denied this tool call");
    }
    // The client closed the gateway's stdin: it exits, closing (and so completing) the audit log.
    assertThat(AuditVerifier.withoutKey().verify(JsonlAuditSink.files(audit)).passed()).isTrue();
    assertThat(Files.readString(audit)).contains("gateway_started", "fake.delete_everything");
  }

  private static String text(McpSchema.CallToolResult r) {
    return r.content().stream().map(c -> ((McpSchema.TextContent) c).text()).collect(Collectors.joining());
  }

  @Test
  void printEntryPrintsOneLineToPaste() throws Exception {
    Path config = fakeConfig();
    Path policy = policy();
    CliRun.Result r = run("gateway", "--print-entry", "--config", config.toString(), "--policy",
        policy.toString(), "--ape-command", "/opt/ape/bin/ape").exits(0);
    String line = r.out().strip();
    assertThat(line.lines()).hasSize(1);
    JsonNode entry = JSON.readTree("{" + line + "}").get("ape-gateway");
    assertThat(entry.get("command").asText()).isEqualTo("/opt/ape/bin/ape");
    assertThat(entry.get("args")).extracting(JsonNode::asText).containsExactly("gateway", "--config",
        config.toAbsolutePath().toString(), "--policy", policy.toAbsolutePath().toString());
  }

  @Test
  void installRewritesTheConfigurationKeepsABackupAndTheRestOfTheFile() throws Exception {
    Path claude = dir.resolve("claude_desktop_config.json");
    String original = "{\n  \"globalShortcut\": \"Ctrl+Space\",\n  \"mcpServers\": {\n    \"filesystem\": {"
        + "\"command\": \"npx\", \"args\": [\"-y\", \"@modelcontextprotocol/server-filesystem\", \"/tmp\"]},\n"
        + "    \"memory\": {\"command\": \"npx\", \"args\": [\"-y\", \"@modelcontextprotocol/server-memory\"]}\n  }\n}\n";
    Files.writeString(claude, original, StandardCharsets.UTF_8);
    Path policy = policy();
    CliRun.Result dry = run("gateway", "install", "--client", "claude-desktop", "--config", claude.toString(),
        "--policy", policy.toString(), "--ape-command", "ape", "--dry-run").exits(0);
    assertThat(dry.out()).contains("Would route 2 server(s)").contains("\"ape-gateway\"");
    assertThat(Files.readString(claude)).isEqualTo(original);

    CliRun.Result done = run("gateway", "install", "--client", "claude-desktop", "--config", claude.toString(),
        "--policy", policy.toString(), "--audit-log", dir.resolve("audit.jsonl").toString(),
        "--ape-command", "ape").exits(0);
    assertThat(done.out()).contains("Routed 2 server(s)");
    JsonNode now = JSON.readTree(Files.readString(claude));
    assertThat(now.get("globalShortcut").asText()).isEqualTo("Ctrl+Space");
    assertThat(now.get("mcpServers").size()).isEqualTo(1);
    JsonNode entry = now.get("mcpServers").get("ape-gateway");
    assertThat(entry.get("command").asText()).isEqualTo("ape");
    List<String> args = new ArrayList<>();
    entry.get("args").forEach(a -> args.add(a.asText()));
    assertThat(args).startsWith("gateway", "--config").contains("--policy", policy.toAbsolutePath().toString(),
        "--audit-log", "--config-format", "CLAUDE_DESKTOP");
    Path upstream = Path.of(args.get(2));
    assertThat(JSON.readTree(Files.readString(upstream)).get("mcpServers").fieldNames())
        .toIterable().containsExactly("filesystem", "memory");
    try (var backups = Files.list(dir)) {
      Path backup = backups.filter(p -> p.getFileName().toString().startsWith("claude_desktop_config.json.ape-backup-"))
          .findFirst().orElseThrow();
      assertThat(Files.readString(backup)).isEqualTo(original);
    }
    // Twice is refused: the configuration is already routed.
    CliRun.Result again = run("gateway", "install", "--client", "claude-desktop", "--config", claude.toString(),
        "--policy", policy.toString(), "--upstream", dir.resolve("other.json").toString());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("already routed");
  }

  @Test
  void vsCodeEntriesCarryTheirTypeAndInputs() throws Exception {
    Path vscode = dir.resolve("mcp.json");
    Files.writeString(vscode, "{\n  // my servers\n  \"inputs\": [{\"id\": \"tok\", \"type\": \"promptString\"}],\n"
        + "  \"servers\": {\"gh\": {\"type\": \"http\", \"url\": \"https://example.invalid/mcp\"},},\n}\n");
    CliRun.Result r = run("gateway", "install", "--client", "vscode", "--config", vscode.toString(),
        "--policy", policy().toString(), "--ape-command", "ape", "--json").exits(0);
    JsonNode doc = r.json();
    assertThat(doc.get("notes").toString()).contains("comments");
    JsonNode now = JSON.readTree(Files.readString(vscode));
    assertThat(now.get("servers").get("ape-gateway").get("type").asText()).isEqualTo("stdio");
    JsonNode upstream = JSON.readTree(Files.readString(Path.of(doc.get("upstream").asText())));
    assertThat(upstream.get("servers").get("gh").get("url").asText()).isEqualTo("https://example.invalid/mcp");
    assertThat(upstream.has("inputs")).isTrue();
  }

  @Test
  void badUsageIsExitCode2AndMissingFilesExitCode4() throws Exception {
    Path config = fakeConfig();
    Path policy = policy();
    assertThat(run("gateway", "--config", config.toString()).exitCode()).isEqualTo(2);
    assertThat(run("gateway", "--config", config.toString(), "--policy", policy.toString(), "--mode", "shadow")
        .exitCode()).isEqualTo(2);
    assertThat(run("gateway", "--config", config.toString(), "--policy", policy.toString(), "--listen",
        "127.0.0.1:0").err()).contains("--token-file");
    assertThat(run("gateway", "--config", config.toString(), "--policy", policy.toString(), "--listen",
        "nonsense", "--token-file", policy.toString()).exitCode()).isEqualTo(2);
    assertThat(run("gateway", "--config", dir.resolve("missing.json").toString(), "--policy", policy.toString())
        .exitCode()).isEqualTo(4);
    assertThat(run("gateway", "install", "--client", "notepad", "--config", config.toString(), "--policy",
        policy.toString()).exitCode()).isEqualTo(2);
  }

  @Test
  void mcpPinWritesALockFileThatTheGatewayReads() throws Exception {
    Path config = fakeConfig();
    Path lock = dir.resolve("mcp-tools.lock");
    CliRun.Result r = run("mcp-pin", config.toString(), "-o", lock.toString()).exits(0);
    assertThat(r.out()).contains("fake  PINNED");
    ToolLock read = ToolLock.read(lock);
    assertThat(read.pins().get("fake")).containsKeys("echo", "crash", "delete_everything");
    assertThat(read.pin("fake", "echo").orElseThrow()).hasSize(64);
    assertThat(run("mcp-pin", config.toString(), "-o", lock.toString()).exitCode()).isEqualTo(1);
    assertThat(run("mcp-pin", config.toString(), "-o", lock.toString(), "--force").exitCode()).isZero();
  }

  @Test
  void mcpPinReportsPoisonedTools() throws Exception {
    Path config = fakeConfig("--poisoned");
    CliRun.Result r = run("mcp-pin", config.toString(), "--json").exits(0);
    JsonNode servers = r.json().get("servers");
    assertThat(servers.get(0).get("poisoning").toString()).contains("HIDDEN_INSTRUCTIONS", "\"tool\":\"add\"");
  }
}
