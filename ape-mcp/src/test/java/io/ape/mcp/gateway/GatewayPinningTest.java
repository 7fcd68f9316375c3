package io.ape.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.mcp.ConnectSettings;
import io.ape.mcp.McpServerConfig;
import io.ape.mcp.ToolDefinitions;
import io.ape.mcp.ToolLock;
import io.ape.mcp.UpstreamServer;
import io.ape.mcp.McpConfigReader;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tool pinning: a tool whose definition changed since it was pinned (between runs, through the
 * lock file; or during a run) is hidden until it is pinned again, a tool that is not pinned is
 * hidden when a lock file is given, and every change is audited. Also tool poisoning at start.
 */
@Timeout(180)
class GatewayPinningTest {
  @TempDir
  Path dir;

  static final String POLICY = """
      name: pinning
      version: "1"
      default_decision: deny
      allowed_actions: ["fake.echo", "fake.mutate", "fake.add"]
      """;

  private String fakeWithDescription(Path descriptionFile, String... more) {
    String[] args = new String[more.length + 2];
    args[0] = "--echo-description-file";
    args[1] = descriptionFile.toString();
    System.arraycopy(more, 0, args, 2, more.length);
    return GatewayHarness.config(GatewayHarness.fakeEntry("fake", args));
  }

  /** What ape mcp-pin writes: the hash of every tool the server lists now. */
  private ToolLock pinNow(String config) {
    McpServerConfig server = new McpConfigReader().parse(config, "mcp.json", null).servers().get(0);
    try (UpstreamServer up = UpstreamServer.open(server, new ConnectSettings(dir, System.getenv(),
        Duration.ofSeconds(60)), UpstreamServer.DEFAULT_MAX_MESSAGE_CHARS, null)) {
      up.start();
      Map<String, String> pins = new LinkedHashMap<>();
      up.listTools().forEach(t -> pins.put(t.name(), ToolDefinitions.sha256(t)));
      return ToolLock.of("mcp.json", Map.of("fake", pins));
    }
  }

  @Test
  void aRugPullBetweenRunsHidesTheToolUntilItIsPinnedAgain() throws Exception {
    Path description = dir.resolve("echo-description.txt");
    Files.writeString(description, "Echoes back its arguments", StandardCharsets.UTF_8);
    String config = fakeWithDescription(description);
    ToolLock lock = pinNow(config);
    Path lockFile = dir.resolve("mcp.lock");
    Files.writeString(lockFile, lock.toJson(), StandardCharsets.UTF_8);
    assertThat(ToolLock.read(lockFile)).isEqualTo(lock);

    try (GatewayHarness h = GatewayHarness.builder(dir.resolve("run1")).config(config).policy(POLICY)
        .workdir(dir).lock(ToolLock.read(lockFile)).start()) {
      assertThat(h.listedTools()).contains("fake.echo");
    }

    // The server's author changes the description between runs.
    // (A harmless-looking change: the pin catches any change, poisoned or not.)
    Files.writeString(description, "Echoes back its arguments, faster.", StandardCharsets.UTF_8);
    try (GatewayHarness h = GatewayHarness.builder(dir.resolve("run2")).config(config).policy(POLICY)
        .workdir(dir).lock(ToolLock.read(lockFile)).start()) {
      assertThat(h.listedTools()).doesNotContain("fake.echo").contains("fake.mutate");
      AuditEvent hidden = h.gatewayEvents("tool_hidden").stream()
          .filter(e -> "fake.echo".equals(e.actionId())).findFirst().orElseThrow();
      assertThat(hidden.reason()).contains("definition changed");
      McpSchema.CallToolResult r = h.call("fake.echo", Map.of("text", "x"));
      assertThat(r.isError()).isTrue();
      assertThat(GatewayHarness.text(r)).isEqualTo("APE refused this tool call: the tool is not available.");
      assertThat(h.gatewayEvents("hidden_tool_called")).hasSize(1);
      assertThat(h.events(AuditEventType.TOOL_EXECUTION_STARTED)).isEmpty();
    }

    // Pinned again (after review): listed again.
    Files.writeString(lockFile, pinNow(config).toJson(), StandardCharsets.UTF_8);
    try (GatewayHarness h = GatewayHarness.builder(dir.resolve("run3")).config(config).policy(POLICY)
        .workdir(dir).lock(ToolLock.read(lockFile)).start()) {
      assertThat(h.listedTools()).contains("fake.echo");
    }
  }

  @Test
  void aToolThatIsNotPinnedIsHiddenWhenALockFileIsGiven() throws Exception {
    Path description = dir.resolve("d.txt");
    Files.writeString(description, "Echoes", StandardCharsets.UTF_8);
    String config = fakeWithDescription(description);
    ToolLock partial = ToolLock.of("mcp.json", Map.of("fake", Map.of("echo",
        pinNow(config).pin("fake", "echo").orElseThrow())));
    try (GatewayHarness h = GatewayHarness.builder(dir.resolve("r")).config(config).policy(POLICY)
        .workdir(dir).lock(partial).start()) {
      assertThat(h.listedTools()).containsExactly("fake.echo");
      assertThat(h.gateway.tools()).filteredOn(t -> t.name().equals("fake.mutate")).singleElement()
          .satisfies(t -> assertThat(t.hiddenBecause()).contains("not pinned"));
    }
  }

  @Test
  void aRugPullDuringARunHidesTheToolAndTellsTheClient() throws Exception {
    try (GatewayHarness h = GatewayHarness.builder(dir).config(GatewayHarness.config(
        GatewayHarness.fakeEntry("fake"))).policy(POLICY).start()) {
      assertThat(h.listedTools()).contains("fake.echo");
      assertThat(GatewayHarness.text(h.call("fake.mutate", Map.of()))).isEqualTo("mutated");
      // The server announced the change; the gateway re-reads, compares and hides.
      AuditEvent changed = h.awaiting.awaitGatewayEvent("tool_definition_changed", Duration.ofSeconds(30));
      assertThat(changed.actionId()).isEqualTo("fake.echo");
      assertThat(changed.reason()).contains("rug pull");
      h.awaiting.await(e -> "tool_hidden".equals(e.details().get(McpGateway.EVENT_DETAIL))
          && "fake.echo".equals(e.actionId()), Duration.ofSeconds(30));
      assertThat(h.listedTools()).doesNotContain("fake.echo");
      assertThat(h.call("fake.echo", Map.of("text", "x")).isError()).isTrue();
    }
  }

  @Test
  void aPoisonedToolIsHiddenAtStartWithTheReasonAndItsCallsAreRefused() throws Exception {
    try (GatewayHarness h = GatewayHarness.builder(dir).config(GatewayHarness.config(
        GatewayHarness.fakeEntry("fake", "--poisoned"))).policy(POLICY).start()) {
      assertThat(h.listedTools()).contains("fake.echo").doesNotContain("fake.add");
      assertThat(h.gateway.poisoning()).containsKey("fake.add");
      AuditEvent hidden = h.gatewayEvents("tool_hidden").stream()
          .filter(e -> "fake.add".equals(e.actionId())).findFirst().orElseThrow();
      assertThat(hidden.reason()).contains("signs of tool poisoning");
      assertThat(hidden.details()).containsKeys("poisoning_hidden_instructions", "poisoning_secret_reference");
      assertThat(h.call("fake.add", Map.of("a", "1", "b", "2", "sidenote", "k")).isError()).isTrue();
      assertThat(h.events(AuditEventType.TOOL_EXECUTION_STARTED)).isEmpty();
    }
  }
}
