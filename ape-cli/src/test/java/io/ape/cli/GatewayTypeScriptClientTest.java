package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ape.mcp.gateway.FakeUpstreamServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP TypeScript SDK client (the version installed with the pinned reference servers
 * in {@code .mcp-servers}) against {@code ape gateway}: another implementation of the protocol
 * than the Java SDK's sees the same listing, results and {@code isError} refusals. Gated like the
 * reference-server tests: skipped without {@code .mcp-servers}, unless CI sets
 * {@code APETEST_REQUIRE_MCP_IT=true}.
 */
@Timeout(180)
class GatewayTypeScriptClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("ape-mcp/install-test-servers.sh"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the repository root");
    }
    return p;
  }

  private static boolean flag(String name) {
    return "true".equalsIgnoreCase(System.getProperty(name)) || "true".equalsIgnoreCase(System.getenv(name));
  }

  @Test
  void theTypeScriptSdkClientIsServedAndRefusedLikeAnyOther() throws Exception {
    Path root = repositoryRoot();
    Path modules = root.resolve(".mcp-servers/node_modules");
    if (flag("APETEST_SKIP_MCP_IT")) {
      Assumptions.abort("APETEST_SKIP_MCP_IT=true");
    }
    if (!Files.isDirectory(modules.resolve("@modelcontextprotocol/sdk"))) {
      String how = "the MCP TypeScript SDK is not installed in " + modules + "; run: bash ape-mcp/install-test-servers.sh";
      if (flag("APETEST_REQUIRE_MCP_IT")) {
        throw new AssertionError(how);
      }
      Assumptions.abort(how);
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    String cp = System.getProperty("java.class.path");
    Path config = dir.resolve("servers.json");
    Files.writeString(config, "{\"mcpServers\": {\"fake\": {\"command\": " + JSON.writeValueAsString(java)
        + ", \"args\": " + JSON.writeValueAsString(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", cp,
        FakeUpstreamServer.class.getName())) + "}}}", StandardCharsets.UTF_8);
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "name: ts\nversion: \"1\"\ndefault_decision: deny\nallowed_actions: [\"fake.echo\"]\n",
        StandardCharsets.UTF_8);
    Path script = dir.resolve("ts-sdk-client.js");
    try (var in = GatewayTypeScriptClientTest.class.getResourceAsStream("/gateway/ts-sdk-client.js")) {
      Files.copy(in, script);
    }
    List<String> command = new ArrayList<>(List.of("node", script.toString(), java, "-cp", cp,
        ApeCommand.class.getName(), "gateway", "--config", config.toString(), "--policy", policy.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectError(dir.resolve("stderr.txt").toFile());
    pb.environment().put("NODE_PATH", modules.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("stderr.txt"))).isZero();
    JsonNode r = JSON.readTree(out);
    assertThat(r.get("tools")).extracting(JsonNode::asText).containsExactly("fake.echo");
    assertThat(r.get("allowed").get("content").get(0).get("text").asText()).contains("from typescript");
    assertThat(r.get("allowed").path("isError").asBoolean(false)).isFalse();
    assertThat(r.get("denied").get("isError").asBoolean()).isTrue();
    assertThat(r.get("denied").get("content").get(0).get("text").asText())
        .isEqualTo("APE denied this tool call: it is not permitted by the security policy.");
  }
}
