package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ape mcp-scan --connect} against the official MCP reference servers
 * ({@code @modelcontextprotocol/server-filesystem} and {@code server-everything}, the versions
 * pinned by ape-mcp), started over stdio by the real scanner, then the generated policy through
 * {@code validate}, {@code validate --strict} and {@code simulate}, all in-process.
 *
 * <p>The servers are installed with {@code bash ape-mcp/install-test-servers.sh} into
 * {@code <repository root>/.mcp-servers}. Without them the test does not run and says so (a
 * JUnit assumption, reported as skipped with the install command), unless
 * {@code APETEST_REQUIRE_MCP_IT=true} is set (system property or environment variable; {@code
 * .ci/run} sets it), which makes their absence a failure. {@code APETEST_SKIP_MCP_IT=true} skips it
 * even when they are installed. Tagged {@code mcp-servers}: {@code .ci/run} runs the tagged
 * tests again once it has installed the servers. (The same rule as ape-mcp's ReferenceServersIntegrationTest.)
 */
@Tag("mcp-servers")
class McpScanReferenceServersIntegrationTest {
  private static final String SERVERS = ".mcp-servers/node_modules/@modelcontextprotocol/";
  private static final String FS = SERVERS + "server-filesystem/dist/index.js";
  private static final String EVERYTHING = SERVERS + "server-everything/dist/index.js";
  private static final String FS_SECRET = "fixture-secret-cli-fs-5c81e2";
  private static final String EVERYTHING_SECRET = "fixture-secret-cli-everything-0d94aa";

  private static Path root;

  @TempDir
  Path dir;

  @BeforeAll
  static void findTheRepository() {
    root = repositoryRoot();
  }

  /** Each test reports for itself (skipped, with the reason) when the servers are missing. */
  @BeforeEach
  void serversAreInstalled() {
    Assumptions.assumeFalse(flag("APETEST_SKIP_MCP_IT"),
        "APETEST_SKIP_MCP_IT=true: the mcp-scan --connect test against the MCP reference servers did not run");
    boolean installed = Files.isRegularFile(root.resolve(FS))
        && Files.isRegularFile(root.resolve(EVERYTHING));
    if (!installed) {
      String missing = "The MCP reference servers are not installed in "
          + root.resolve(".mcp-servers") + ", so the mcp-scan --connect test against the MCP reference servers did not run. Install them with "
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
    throw new IllegalStateException("cannot find the repository root above "
        + Path.of("").toAbsolutePath());
  }

  private static CliRun.Result ape(String... args) {
    return CliRun.run(CliContext.withEnvironment(new CliEnvironment(Map.of(), false)), args);
  }

  private static String decision(Path policy, String action, String... params) {
    List<String> args = new ArrayList<>(List.of("simulate", policy.toString(), action, "--json"));
    for (String p : params) {
      args.add("-p");
      args.add(p);
    }
    return ape(args.toArray(String[]::new)).exits(ExitCode.OK).json().get("decision").asText();
  }

  /** A Claude Desktop configuration with the two servers, by absolute path, with secrets. */
  private Path config(Path allowedDir) throws IOException {
    String json = "{\n  \"mcpServers\": {\n"
        + "    \"filesystem\": {\"command\": \"node\", \"args\": [" + quote(root.resolve(FS))
        + ", " + quote(allowedDir) + "], \"env\": {\"FS_AUDIT_TOKEN\": \"" + FS_SECRET + "\"}},\n"
        + "    \"everything\": {\"command\": \"node\", \"args\": [" + quote(root.resolve(EVERYTHING))
        + ", \"stdio\"], \"env\": {\"EVERYTHING_API_KEY\": \"" + EVERYTHING_SECRET + "\"}}\n"
        + "  }\n}\n";
    return Files.writeString(dir.resolve("claude_desktop_config.json"), json);
  }

  private static String quote(Path p) {
    return "\"" + p.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static List<Long> referenceServerProcessesOfThisJvm() {
    List<Long> out = new ArrayList<>();
    ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).forEach(h ->
        h.info().commandLine().filter(c -> c.contains(".mcp-servers"))
            .ifPresent(c -> out.add(h.pid())));
    return out;
  }

  @Test
  void connectReadsTheRealToolsAndTheGeneratedPolicyGovernsThem() throws IOException {
    Path workspace = Files.createDirectories(dir.resolve("workspace"));
    Path config = config(workspace);
    Path policy = dir.resolve("policies/reference.yaml");

    CliRun.Result scan = ape("mcp-scan", config.toString(), "--connect", "--timeout", "60",
        "--name", "reference_servers", "-o", policy.toString(), "--json").exits(ExitCode.OK);
    JsonNode doc = scan.json();
    assertThat(doc.get("mode").asText()).isEqualTo("CONNECTED");
    assertThat(doc.get("inferred").asBoolean()).isFalse();
    JsonNode fs = doc.get("servers").get(0);
    JsonNode everything = doc.get("servers").get(1);
    assertThat(fs.get("status").asText()).as(fs.get("message").asText()).isEqualTo("CONNECTED");
    assertThat(everything.get("status").asText()).as(everything.get("message").asText())
        .isEqualTo("CONNECTED");
    assertThat(fs.get("server_info").asText()).startsWith("secure-filesystem-server");
    assertThat(fs.get("tools").findValuesAsText("tools")).isEmpty();
    List<String> fsTools = new ArrayList<>();
    fs.get("tools").forEach(t -> fsTools.add(t.asText()));
    assertThat(fsTools).contains("read_file", "write_file", "edit_file", "move_file",
        "list_directory", "directory_tree", "search_files");
    List<String> everythingTools = new ArrayList<>();
    everything.get("tools").forEach(t -> everythingTools.add(t.asText()));
    assertThat(everythingTools).contains("echo", "get-sum", "get-env");
    String yaml = Files.readString(policy);
    assertThat(yaml).contains("# The tools were read from the running servers (tools/list).")
        .doesNotContain("INFERRED").doesNotContain("WARNING: the tools were NOT read");

    ape("validate", policy.toString()).exits(ExitCode.OK);
    assertThat(ape("validate", "--strict", policy.toString()).exits(ExitCode.INVALID_POLICY).err())
        .contains("/TODO-set-allowed-root");

    assertThat(decision(policy, "filesystem.read_file", "path=/etc/passwd")).isEqualTo("DENY");
    assertThat(decision(policy, "filesystem.write_file", "path=/etc/passwd")).isEqualTo("DENY");
    Files.writeString(policy, yaml.replace("/TODO-set-allowed-root", workspace.toString())
        .replace("TODO-set-allowed-domains.invalid", "files.example.com"));
    ape("validate", "--strict", policy.toString()).exits(ExitCode.OK);
    String inside = "path=" + workspace.resolve("notes.txt");
    assertThat(decision(policy, "filesystem.read_file", inside)).isEqualTo("ALLOW");
    assertThat(decision(policy, "filesystem.write_file", inside)).isEqualTo("ESCALATE");
    assertThat(decision(policy, "filesystem.edit_file", inside)).isEqualTo("ESCALATE");
    assertThat(decision(policy, "filesystem.read_file", "path=" + workspace + "/../x"))
        .isEqualTo("DENY");
    assertThat(decision(policy, "everything.echo")).isEqualTo("ALLOW");
    assertThat(decision(policy, "everything.get-env")).isEqualTo("ESCALATE");
    assertThat(decision(policy, "everything.no-such-tool")).isEqualTo("DENY");

    String printed = scan.out() + scan.err() + yaml;
    assertThat(printed).doesNotContain(FS_SECRET).doesNotContain(EVERYTHING_SECRET)
        .doesNotContain(McpFixtures.SECRET_MARK);
    assertThat(referenceServerProcessesOfThisJvm()).as("server processes left running").isEmpty();
  }

  @Test
  void theTextReportListsTheServersAndThePolicyGoesToStdout() throws IOException {
    Path config = config(Files.createDirectories(dir.resolve("workspace")));
    CliRun.Result r = ape("mcp-scan", config.toString(), "--connect", "--timeout", "60")
        .exits(ExitCode.OK);
    assertThat(r.err()).contains("connecting to 2 MCP server(s), at most 60 s each")
        .contains("Tools: read from the servers (tools/list).")
        .containsPattern("filesystem +CONNECTED +\\d+ tools +\\(secure-filesystem-server")
        .containsPattern("everything +CONNECTED +\\d+ tools")
        .contains("ESCALATE  HIGH      filesystem.write_file")
        .doesNotContain("INFERRED")
        .doesNotContain(McpFixtures.SECRET_MARK);
    assertThat(r.out()).startsWith("# Generated by ape mcp-scan from claude_desktop_config.json")
        .contains("- action: \"filesystem.write_file\"\n    decision: escalate")
        .doesNotContain(McpFixtures.SECRET_MARK).doesNotContain(root.toString());
    assertThat(referenceServerProcessesOfThisJvm()).isEmpty();
  }

  @Test
  void aHostileServersEchoedSecretEscapesAndForgedLinesReachNoOutput() throws IOException {
    String secret = "fixture-secret-cli-hostile-7f3a21";
    Path fake = root.resolve("ape-mcp/src/test/resources/fixtures/fake-mcp-server.js");
    Path config = Files.writeString(dir.resolve("hostile.json"), "{\"mcpServers\": {\"evil\": "
        + "{\"command\": \"node\", \"args\": [" + quote(fake) + ", \"hostile\"], "
        + "\"env\": {\"APE_FAKE_SECRET\": \"" + secret + "\"}}}}");
    CliRun.Result text = ape("mcp-scan", config.toString(), "--connect", "--timeout", "60")
        .exits(ExitCode.OK);
    CliRun.Result json = ape("mcp-scan", config.toString(), "--connect", "--timeout", "60", "--json")
        .exits(ExitCode.OK);
    assertThat(text.err()).containsPattern("evil +CONNECTED +\\d+ tools +\\(ape-fake \\*\\*\\*");
    assertThat(json.json().isObject()).isTrue();
    for (String o : List.of(text.out(), text.err(), json.out(), json.err())) {
      assertThat(o).doesNotContain(secret).doesNotContain("\u001b").doesNotContain("\u0007");
      assertThat(o.lines()).noneMatch(l -> l.stripLeading().startsWith("# forged"));
      assertThat(o.length()).isLessThan(60_000);
    }
    assertThat(referenceServerProcessesOfThisJvm()).isEmpty();
  }
}
