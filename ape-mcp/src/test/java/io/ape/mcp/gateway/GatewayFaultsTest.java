package io.ape.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.audit.AuditVerifier;
import io.ape.audit.JsonlAuditSink;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream faults: a server that crashes mid-call, hangs, writes garbage, answers with the wrong
 * shape or an oversized message, or floods notifications; and 1,000 concurrent calls. The client
 * always gets a result (an error result for a fault), the gateway stays up and serves the next
 * call, the audit records it, nothing is lost.
 */
@Timeout(300)
class GatewayFaultsTest {
  @TempDir
  Path dir;

  static final String POLICY = """
      name: gateway_faults
      version: "1"
      default_decision: deny
      allowed_actions: ["fake.echo", "fake.crash", "fake.hang", "fake.garbage", "fake.wrong_shape",
        "fake.huge", "fake.flood"]
      """;

  private GatewayHarness start(String... fakeArgs) throws Exception {
    return GatewayHarness.builder(dir).config(GatewayHarness.config(GatewayHarness.fakeEntry("fake", fakeArgs)))
        .policy(POLICY).callTimeout(Duration.ofSeconds(3)).maxMessageChars(1024 * 1024).start();
  }

  private static void assertToolFailed(McpSchema.CallToolResult r) {
    assertThat(r.isError()).as(GatewayHarness.text(r)).isTrue();
    assertThat(GatewayHarness.text(r)).isEqualTo("The tool failed while running.");
  }

  private static void assertEchoWorks(GatewayHarness h, String marker) {
    McpSchema.CallToolResult ok = h.call("fake.echo", Map.of("text", marker));
    assertThat(ok.isError()).as(GatewayHarness.text(ok)).isNotEqualTo(Boolean.TRUE);
    assertThat(GatewayHarness.text(ok)).contains(marker);
  }

  @Test
  void aServerThatCrashesMidCallFailsThatCallAtOnceAndIsRestartedForTheNext() throws Exception {
    try (GatewayHarness h = start()) {
      long t0 = System.nanoTime();
      assertToolFailed(h.call("fake.crash", Map.of()));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
      assertThat(h.events(AuditEventType.TOOL_EXECUTION_FINISHED)).singleElement()
          .satisfies(e -> assertThat(e.details()).containsEntry("outcome", "failure"));
      assertEchoWorks(h, "after-crash");
      assertThat(h.gatewayEvents("upstream_restarted")).hasSize(1);
      assertThat(h.gateway.tools()).filteredOn(t -> t.name().equals("fake.echo"))
          .singleElement().satisfies(t -> assertThat(t.listed()).isTrue());
    }
  }

  @Test
  void aHangingCallEndsAtItsTimeLimitAndOtherCallsGoOnMeanwhile() throws Exception {
    try (GatewayHarness h = start()) {
      CompletableFuture<McpSchema.CallToolResult> hung = CompletableFuture.supplyAsync(
          () -> h.call("fake.hang", Map.of()));
      assertEchoWorks(h, "while-hanging");
      McpSchema.CallToolResult r = hung.get(30, TimeUnit.SECONDS);
      assertToolFailed(r);
      assertEchoWorks(h, "after-hang");
    }
  }

  @Test
  void garbageOnStdoutIsSkippedAndTheCallEndsAtItsTimeLimit() throws Exception {
    try (GatewayHarness h = start()) {
      assertToolFailed(h.call("fake.garbage", Map.of()));
      assertEchoWorks(h, "after-garbage");
    }
  }

  @Test
  void anAnswerOfTheWrongShapeFailsTheCall() throws Exception {
    try (GatewayHarness h = start()) {
      assertToolFailed(h.call("fake.wrong_shape", Map.of()));
      assertEchoWorks(h, "after-wrong-shape");
    }
  }

  @Test
  void anOversizedMessageKillsTheServerFailsTheCallAndTheServerIsRestarted() throws Exception {
    try (GatewayHarness h = start("--huge-chars", Integer.toString(2 * 1024 * 1024))) {
      assertToolFailed(h.call("fake.huge", Map.of()));
      assertEchoWorks(h, "after-huge");
      assertThat(h.gatewayEvents("upstream_disconnected")).isNotEmpty();
    }
  }

  @Test
  void aFloodOfNotificationsIsDroppedAndTheAnswerStillArrives() throws Exception {
    try (GatewayHarness h = start("--flood", "30000")) {
      McpSchema.CallToolResult r = h.call("fake.flood", Map.of());
      assertThat(r.isError()).as(GatewayHarness.text(r)).isNotEqualTo(Boolean.TRUE);
      assertThat(GatewayHarness.text(r)).isEqualTo("survived the flood");
      assertEchoWorks(h, "after-flood");
      // 10,000 tools/list_changed announcements: the definitions did not change, nothing hidden
      assertThat(h.gatewayEvents("tool_definition_changed")).isEmpty();
    }
  }

  @Test
  void aThousandConcurrentCallsAllGetTheirOwnAnswerAndAllAreAudited() throws Exception {
    int n = 1000;
    Path log;
    try (GatewayHarness h = start()) {
      ExecutorService pool = Executors.newFixedThreadPool(64);
      try {
        List<CompletableFuture<String>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          String marker = "call-" + i + "-";
          futures.add(CompletableFuture.supplyAsync(() -> {
            McpSchema.CallToolResult r = h.call("fake.echo", Map.of("text", marker));
            return Boolean.TRUE.equals(r.isError()) ? "ERROR " + GatewayHarness.text(r) : GatewayHarness.text(r);
          }, pool));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
          String text = futures.get(i).get(120, TimeUnit.SECONDS);
          assertThat(text).contains("call-" + i + "-");
          seen.add(text);
        }
        assertThat(seen).hasSize(n);
      } finally {
        pool.shutdownNow();
      }
      List<AuditEvent> finished = h.events(AuditEventType.TOOL_EXECUTION_FINISHED);
      assertThat(finished).hasSize(n);
      assertThat(h.events(AuditEventType.TOKEN_CONSUMED)).hasSize(n);
      log = h.auditLog;
    }
    assertThat(AuditVerifier.withoutKey().verify(JsonlAuditSink.files(log)).passed()).isTrue();
  }

  @Test
  void aServerThatCannotStartIsReportedAndTheOthersAreServed() throws Exception {
    String broken = "\"broken\": {\"command\": \"/nonexistent/mcp-server\"}";
    try (GatewayHarness h = GatewayHarness.builder(dir).config(GatewayHarness.config(broken,
        GatewayHarness.fakeEntry("fake"))).policy(POLICY).start()) {
      assertThat(h.gateway.upstreams()).anySatisfy(u -> {
        assertThat(u.server()).isEqualTo("broken");
        assertThat(u.connected()).isFalse();
        assertThat(u.message()).contains("cannot start");
      });
      assertEchoWorks(h, "despite-broken");
      assertThat(h.gatewayEvents("upstream_failed")).hasSize(1);
    }
  }
}
