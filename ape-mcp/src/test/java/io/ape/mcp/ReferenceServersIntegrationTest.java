package io.ape.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scans the official MCP reference servers ({@code @modelcontextprotocol/server-filesystem} and
 * {@code server-everything}, pinned versions) over stdio, streamable HTTP and SSE, plus a fake
 * server with hostile tool names, through the real MCP Java SDK client.
 *
 * <p>The servers are installed with {@code bash ape-mcp/install-test-servers.sh} into
 * {@code <repository root>/.mcp-servers}. Without them the test does not run and says so (a
 * JUnit assumption, reported as skipped with the install command), unless
 * {@code APETEST_REQUIRE_MCP_IT=true} is set (system property or environment variable; {@code
 * .ci/run} sets it), which makes their absence a failure. {@code APETEST_SKIP_MCP_IT=true} skips it
 * even when they are installed. Tagged {@code mcp-servers}: {@code .ci/run} runs the tagged
 * tests again once it has installed the servers.
 */
@Tag("mcp-servers")
class ReferenceServersIntegrationTest {
  private static final String FS = ".mcp-servers/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js";
  private static final String EVERYTHING = ".mcp-servers/node_modules/@modelcontextprotocol/server-everything/dist/index.js";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  static final List<String> FILESYSTEM_TOOLS = List.of("read_file", "read_text_file", "read_media_file",
      "read_multiple_files", "write_file", "edit_file", "create_directory", "list_directory",
      "list_directory_with_sizes", "directory_tree", "move_file", "search_files", "get_file_info",
      "list_allowed_directories");
  static final List<String> EVERYTHING_TOOLS = List.of("echo", "get-annotated-message", "get-env",
      "get-resource-links", "get-resource-reference", "get-structured-content", "get-sum",
      "get-tiny-image", "gzip-file-as-resource", "toggle-simulated-logging", "toggle-subscriber-updates",
      "trigger-long-running-operation", "simulate-research-query");

  private static Path root;

  @BeforeAll
  static void findTheRepository() {
    root = repositoryRoot();
  }

  /** Each test reports for itself (skipped, with the reason) when the servers are missing. */
  @BeforeEach
  void serversAreInstalled() {
    Assumptions.assumeFalse(flag("APETEST_SKIP_MCP_IT"),
        "APETEST_SKIP_MCP_IT=true: the MCP reference-server test did not run");
    boolean installed = Files.isRegularFile(root.resolve(FS))
        && Files.isRegularFile(root.resolve(EVERYTHING));
    if (!installed) {
      String missing = "The MCP reference servers are not installed in "
          + root.resolve(".mcp-servers") + ", so the MCP reference-server test did not run. Install them with "
          + "`bash ape-mcp/install-test-servers.sh` (needs Node.js 20 or later and npm).";
      if (flag("APETEST_REQUIRE_MCP_IT")) {
        fail(missing + " APETEST_REQUIRE_MCP_IT=true (set by .ci/run) makes their absence a failure.");
      }
      Assumptions.abort(missing);
    }
  }

  /** Whether {@code name} is {@code true} as a system property or an environment variable. */
  private static boolean flag(String name) {
    return "true".equalsIgnoreCase(System.getProperty(name))
        || "true".equalsIgnoreCase(System.getenv(name));
  }

  private static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.isRegularFile(p.resolve("ape-mcp/install-test-servers.sh"))) {
        return p;
      }
      p = p.getParent();
    }
    throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
  }

  private static ScanResult connectedScan(McpConfig config) {
    return McpScanner.builder().connect(true).workingDirectory(root).timeout(TIMEOUT).build().scan(config);
  }

  private static List<String> toolNames(ServerScan s) {
    return s.tools().stream().map(ScannedTool::name).toList();
  }

  private static String decision(JsonNode policy, String action) {
    return McpPolicyGeneratorTest.rule(policy, action).get("decision").asText();
  }

  private static List<Long> mcpServerProcessesOfThisJvm() {
    List<Long> out = new ArrayList<>();
    ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).forEach(h ->
        h.info().commandLine().filter(c -> c.contains(".mcp-servers") || c.contains("fake-mcp-server"))
            .ifPresent(c -> out.add(h.pid())));
    return out;
  }

  @Test
  void scansTheReferenceServersOverStdioAndMarksTheWritingTools() {
    McpConfig config = Fixtures.read("reference-servers.json");
    ScanResult scan = connectedScan(config);

    ServerScan fs = scan.servers().get(0);
    ServerScan everything = scan.servers().get(1);
    assertThat(fs.status()).as(fs.message()).isEqualTo(ServerStatus.CONNECTED);
    assertThat(everything.status()).as(everything.message()).isEqualTo(ServerStatus.CONNECTED);
    assertThat(fs.serverInfo()).startsWith("secure-filesystem-server");
    assertThat(toolNames(fs)).containsExactlyInAnyOrderElementsOf(FILESYSTEM_TOOLS);
    assertThat(toolNames(everything)).containsExactlyInAnyOrderElementsOf(EVERYTHING_TOOLS);
    assertThat(scan.inferred()).isFalse();

    GeneratedPolicy g = new McpPolicyGenerator("reference_servers").generate(scan);
    JsonNode p = McpPolicyGeneratorTest.assertPolicyFormat(g.yaml());
    assertThat(p.get("rules")).hasSize(FILESYSTEM_TOOLS.size() + EVERYTHING_TOOLS.size());
    for (String writer : List.of("write_file", "edit_file", "move_file", "create_directory")) {
      assertThat(decision(p, "filesystem." + writer)).as(writer).isEqualTo("escalate");
    }
    for (String reader : List.of("read_file", "read_text_file", "read_media_file", "read_multiple_files",
        "list_directory", "list_directory_with_sizes", "directory_tree", "search_files", "get_file_info",
        "list_allowed_directories")) {
      assertThat(decision(p, "filesystem." + reader)).as(reader).isEqualTo("allow");
    }
    assertThat(McpPolicyGeneratorTest.rule(p, "filesystem.move_file").at("/conditions/source/path_within/0").asText())
        .isEqualTo(PolicyPlaceholders.ROOT);
    assertThat(McpPolicyGeneratorTest.rule(p, "filesystem.move_file").at("/conditions/destination/path_within/0").asText())
        .isEqualTo(PolicyPlaceholders.ROOT);
    assertThat(McpPolicyGeneratorTest.rule(p, "filesystem.read_file").at("/conditions/path/path_within/0").asText())
        .isEqualTo(PolicyPlaceholders.ROOT);
    assertThat(decision(p, "everything.echo")).isEqualTo("allow");
    assertThat(decision(p, "everything.get-sum")).isEqualTo("allow");
    assertThat(decision(p, "everything.get-env")).isEqualTo("escalate");
    for (String writer : List.of("toggle-simulated-logging", "toggle-subscriber-updates",
        "gzip-file-as-resource", "simulate-research-query")) {
      assertThat(decision(p, "everything." + writer)).as(writer).isEqualTo("escalate");
    }
    assertThat(g.hasPlaceholders()).isTrue();

    String everythingPrinted = String.join("\n", McpReports.configText(config), McpReports.scanText(scan),
        McpReports.toJson(scan), g.yaml(), McpReports.riskText(g.report()), McpReports.toJson(g.report()));
    assertThat(everythingPrinted).doesNotContain(Fixtures.SECRET_MARK).doesNotContain(root.toString());
    assertThat(mcpServerProcessesOfThisJvm()).as("server processes left running").isEmpty();
  }

  @Test
  void theCatalogueMatchesWhatTheReferenceServersReallyOffer() {
    McpConfig config = Fixtures.read("reference-servers.json");
    ScanResult inferred = McpScanner.builder().build().scan(config);
    ScanResult connected = connectedScan(config);
    GeneratedPolicy fromCatalogue = new McpPolicyGenerator().generate(inferred);
    GeneratedPolicy fromServers = new McpPolicyGenerator().generate(connected);
    assertThat(fromCatalogue.report().tools()).extracting(ToolAssessment::actionId, ToolAssessment::decision)
        .containsExactlyInAnyOrderElementsOf(fromServers.report().tools().stream()
            .map(t -> org.assertj.core.groups.Tuple.tuple(t.actionId(), t.decision())).toList());
  }

  @Test
  void aRealServerEchoingItsEnvSecretEscapesAndAForgedLineIsScrubbedEverywhere() {
    String secret = "fixture-secret-hostile-4242";
    Path fake = Fixtures.path("fake-mcp-server.js");
    String json = "{\"mcpServers\": {\"evil\": {\"command\": \"node\", \"args\": [\"" + fake
        + "\", \"hostile\"], \"env\": {\"APE_FAKE_SECRET\": \"" + secret + "\"}}}}";
    McpConfig config = new McpConfigReader().parse(json, "mcp.json", null);
    ScanResult scan = connectedScan(config);
    ServerScan evil = scan.servers().get(0);
    assertThat(evil.status()).as(evil.message()).isEqualTo(ServerStatus.CONNECTED);
    assertThat(evil.serverInfo()).startsWith("ape-fake " + SecretValues.MASK + " [31m # forged: allow")
        .hasSizeLessThanOrEqualTo(TextSafety.MAX_CHARS + 1);
    assertThat(toolNames(evil)).contains("leaky", "schema_leak").doesNotContain("named_" + secret);
    HostileServerTextAssertions.assertSafe(config, scan, secret);
    assertThat(mcpServerProcessesOfThisJvm()).isEmpty();
  }

  @Test
  void hostileToolNamesFromARealServerAreMappedAndCollisionsReported() {
    Path fake = Fixtures.path("fake-mcp-server.js");
    String json = "{\"mcpServers\": {"
        + "\"filesystem\": {\"command\": \"node\", \"args\": [\"" + FS + "\", \".\"]},"
        + "\"chat\": {\"command\": \"node\", \"args\": [\"" + fake + "\", \"chat\"]}}}";
    ScanResult scan = connectedScan(new McpConfigReader().parse(json, "mcp.json", null));
    ServerScan chat = scan.servers().get(1);
    assertThat(chat.status()).as(chat.message()).isEqualTo(ServerStatus.CONNECTED);
    assertThat(chat.serverInfo()).isEqualTo("ape-fake-chat 1.0.0");
    assertThat(toolNames(chat)).containsExactly("read_file", "post message", "post_message", "1st/tool\u00e9",
        "mystery", "delete_all");
    assertThat(scan.collisions()).singleElement().satisfies(c -> {
      assertThat(c.tool()).isEqualTo("read_file");
      assertThat(c.servers()).containsExactly("filesystem", "chat");
    });

    GeneratedPolicy g = new McpPolicyGenerator().generate(scan);
    JsonNode p = McpPolicyGeneratorTest.assertPolicyFormat(g.yaml());
    assertThat(decision(p, "chat.read_file")).isEqualTo("allow");
    assertThat(decision(p, "filesystem.read_file")).isEqualTo("allow");
    assertThat(decision(p, "chat.post_message")).isEqualTo("escalate");
    assertThat(decision(p, "chat.1st_tool_")).isEqualTo("allow");
    assertThat(decision(p, "chat.mystery")).isEqualTo("escalate");
    assertThat(McpPolicyGeneratorTest.rule(p, "chat.mystery").at("/conditions/target_dir/path_within/0").asText())
        .isEqualTo(PolicyPlaceholders.ROOT);
    assertThat(decision(p, "chat.delete_all")).isEqualTo("escalate");
    Map<String, String> renamed = new java.util.HashMap<>();
    g.report().renamed().forEach(m -> renamed.put(m.tool(), m.actionId()));
    assertThat(renamed).containsOnlyKeys("post message", "1st/tool\u00e9");
    assertThat(renamed.get("post message")).matches("chat\\.post_message-[0-9a-f]{8}");
    assertThat(decision(p, renamed.get("post message"))).isEqualTo("escalate");
    assertThat(McpReports.riskText(g.report())).contains("Renamed action ids").contains("read_file: filesystem, chat");
    assertThat(mcpServerProcessesOfThisJvm()).isEmpty();
  }

  @Test
  @Timeout(120)
  void scansTheEverythingServerOverStreamableHttp() throws Exception {
    scanOverHttp("streamableHttp", "listening on port", "http", "/mcp");
  }

  @Test
  @Timeout(120)
  void scansTheEverythingServerOverSse() throws Exception {
    scanOverHttp("sse", "running on port", "sse", "/sse");
  }

  private void scanOverHttp(String mode, String readyText, String type, String path) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder pb = new ProcessBuilder("node", EVERYTHING, mode).directory(root.toFile());
    pb.environment().put("PORT", Integer.toString(port));
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process server = pb.start();
    try {
      awaitLine(server, readyText);
      String json = "{\"mcpServers\": {\"everything\": {\"type\": \"" + type + "\", \"url\": \"http://127.0.0.1:"
          + port + path + "\", \"headers\": {\"Authorization\": \"Bearer fixture-secret-http-0077\"}}}}";
      McpConfig config = new McpConfigReader().parse(json, "mcp.json", null);
      ScanResult scan = connectedScan(config);
      ServerScan s = scan.servers().get(0);
      assertThat(s.status()).as(s.message()).isEqualTo(ServerStatus.CONNECTED);
      assertThat(toolNames(s)).containsExactlyInAnyOrderElementsOf(EVERYTHING_TOOLS);
      GeneratedPolicy g = new McpPolicyGenerator().generate(scan);
      McpPolicyGeneratorTest.assertPolicyFormat(g.yaml());
      assertThat(McpReports.configText(config) + McpReports.toJson(scan) + g.yaml())
          .doesNotContain(Fixtures.SECRET_MARK);
    } finally {
      server.descendants().forEach(ProcessHandle::destroyForcibly);
      server.destroyForcibly();
      server.waitFor();
    }
  }

  /** Blocks until the server prints the line (or ends its output, which fails the test). */
  private static void awaitLine(Process server, String text) throws IOException {
    BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    String line;
    while ((line = err.readLine()) != null) {
      if (line.contains(text)) {
        Thread drain = new Thread(() -> {
          try {
            err.transferTo(java.io.Writer.nullWriter());
          } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(ReferenceServersIntegrationTest.class)
                .debug("stderr of the everything server closed: {}", e.toString());
          }
        });
        drain.setDaemon(true);
        drain.start();
        return;
      }
      seen.add(line);
    }
    fail("the everything server stopped before it was ready: " + seen);
  }
}
