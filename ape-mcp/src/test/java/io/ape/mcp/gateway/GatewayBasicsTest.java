package io.ape.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.Outcome;
import io.ape.audit.AuditVerifier;
import io.ape.audit.JsonlAuditSink;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The gateway in front of a fake upstream, through a real MCP SDK client. */
@Timeout(180)
class GatewayBasicsTest {
  @TempDir
  Path dir;

  static final String POLICY = """
      name: gateway_basics
      version: "1"
      default_decision: deny
      forbidden_actions:
        - "fake.delete_everything"
      rules:
        - action: "fake.echo"
          decision: allow
          conditions:
            text: { denylist: ["*secret*"] }
        - action: "fake.mutate"
          decision: escalate
      """;

  private GatewayHarness.Builder fake() {
    return GatewayHarness.builder(dir).config(GatewayHarness.config(GatewayHarness.fakeEntry("fake")))
        .policy(POLICY);
  }

  @Test
  void listsOnlyWhatThePolicyCanAllowAndForwardsAllowedCalls() throws Exception {
    try (GatewayHarness h = fake().start()) {
      assertThat(h.listedTools()).containsExactlyInAnyOrder("fake.echo", "fake.mutate");
      McpSchema.CallToolResult r = h.call("fake.echo", Map.of("text", "hello"));
      assertThat(r.isError()).isNotEqualTo(Boolean.TRUE);
      assertThat(GatewayHarness.text(r)).contains("echo: ").contains("hello");
      assertThat(h.events(AuditEventType.TOKEN_CONSUMED)).hasSize(1);
      assertThat(h.events(AuditEventType.TOOL_EXECUTION_FINISHED)).hasSize(1);
      assertThat(h.gatewayEvents("tool_hidden")).extracting(AuditEvent::actionId)
          .contains("fake.delete_everything", "fake.crash", "fake.hang");
      assertThat(h.gateway.upstreams()).singleElement().satisfies(u -> {
        assertThat(u.connected()).isTrue();
        assertThat(u.serverInfo()).isEqualTo("ape-fake-upstream 1.0.0");
      });
    }
  }

  @Test
  void aDenialIsAnIsErrorResultWithATerseReasonAndTheFullReasonIsAudited() throws Exception {
    try (GatewayHarness h = fake().start()) {
      McpSchema.CallToolResult r = h.call("fake.echo", Map.of("text", "the secret plan"));
      assertThat(r.isError()).isTrue();
      String text = GatewayHarness.text(r);
      assertThat(text).isEqualTo("APE denied this tool call: it is not permitted by the security policy.");
      assertThat(text).doesNotContain("denylist", "rules", "secret");
      assertThat(h.events(AuditEventType.TOOL_EXECUTION_STARTED)).isEmpty();
      AuditEvent rejected = h.events(AuditEventType.ATTEMPT_REJECTED).get(0);
      assertThat(rejected.actionId()).isEqualTo("fake.echo");
      assertThat(rejected.reason()).contains("text");
      assertThat(rejected.policyVersion()).isEqualTo(h.guard.policyEngine().policyVersion());
    }
  }

  @Test
  void aForbiddenToolThatIsCalledAnywayIsDeniedNotForwarded() throws Exception {
    try (GatewayHarness h = fake().start()) {
      McpSchema.CallToolResult r = h.call("fake.delete_everything", Map.of("target", "/"));
      assertThat(r.isError()).isTrue();
      assertThat(GatewayHarness.text(r)).startsWith("APE denied this tool call");
      assertThat(h.events(AuditEventType.TOOL_EXECUTION_STARTED)).isEmpty();
    }
  }

  @Test
  void anUnknownToolNameIsAProtocolErrorAsTheSpecSays() throws Exception {
    try (GatewayHarness h = fake().start()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.call("fake.nonexistent", Map.of()))
          .isInstanceOf(McpError.class);
      assertThat(h.listedTools()).isNotEmpty();
    }
  }

  @Test
  void malformedArgumentsAreRefusedAsInvalidNotCrashed() throws Exception {
    try (GatewayHarness h = fake().start()) {
      Map<String, Object> args = new java.util.HashMap<>();
      args.put("text", Double.NaN);
      McpSchema.CallToolResult r = h.call("fake.echo", Map.of("text", List.of(Map.of("deep", 1))));
      assertThat(r.isError()).isTrue();
      assertThat(h.call("fake.echo", Map.of("text", "still fine")).isError()).isNotEqualTo(Boolean.TRUE);
    }
  }

  @Test
  void anEscalationWithoutElicitationIsDeniedByTheDefaultResolver() throws Exception {
    try (GatewayHarness h = fake().start()) {
      McpSchema.CallToolResult r = h.call("fake.mutate", Map.of());
      assertThat(r.isError()).isTrue();
      assertThat(GatewayHarness.text(r)).isEqualTo(
          "APE denied this tool call: it needs a human approval that was not given.");
      assertThat(h.events(AuditEventType.TOOL_EXECUTION_STARTED)).isEmpty();
    }
  }

  @Test
  void anEscalationAsksTheHumanThroughElicitationBoundToTheExactArguments() throws Exception {
    AtomicReference<McpSchema.ElicitFormRequest> asked = new AtomicReference<>();
    try (GatewayHarness h = fake().elicitation(req -> {
      asked.set(req);
      return McpSchema.ElicitResult.builder(McpSchema.ElicitResult.Action.ACCEPT)
          .content(Map.of("approve", true)).build();
    }).start()) {
      McpSchema.CallToolResult r = h.call("fake.mutate", Map.of("why", "tests"));
      assertThat(r.isError()).as(GatewayHarness.text(r)).isNotEqualTo(Boolean.TRUE);
      assertThat(GatewayHarness.text(r)).isEqualTo("mutated");
      assertThat(asked.get().message()).contains("fake.mutate").contains("{\"why\":\"tests\"}")
          .contains(io.ape.core.canonical.ApeHashes.parametersHash(Map.of("why", "tests")));
      assertThat(h.events(AuditEventType.ESCALATION_RESOLVED)).singleElement()
          .satisfies(e -> assertThat(e.reason()).contains("approved"));
    }
  }

  @Test
  void aDeclinedOrUnansweredElicitationIsADenial() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    try (GatewayHarness h = fake().escalationTimeout(Duration.ofSeconds(2)).elicitation(req -> {
      if (req.message().contains("decline")) {
        return McpSchema.ElicitResult.builder(McpSchema.ElicitResult.Action.DECLINE).build();
      }
      try {
        never.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return McpSchema.ElicitResult.builder(McpSchema.ElicitResult.Action.CANCEL).build();
    }).start()) {
      McpSchema.CallToolResult declined = h.call("fake.mutate", Map.of("x", "decline"));
      assertThat(declined.isError()).isTrue();
      McpSchema.CallToolResult late = h.call("fake.mutate", Map.of("x", "wait"));
      assertThat(late.isError()).isTrue();
      assertThat(GatewayHarness.text(late)).contains("human approval");
      assertThat(h.events(AuditEventType.TOOL_EXECUTION_STARTED)).isEmpty();
    } finally {
      never.countDown();
    }
  }

  @Test
  void observeModeDecidesAndAuditsButRunsAndMarksEveryRecord() throws Exception {
    try (GatewayHarness h = fake().observe().start()) {
      assertThat(h.listedTools()).contains("fake.delete_everything", "fake.echo");
      McpSchema.CallToolResult r = h.call("fake.delete_everything", Map.of("target", "/x"));
      assertThat(r.isError()).isNotEqualTo(Boolean.TRUE);
      assertThat(GatewayHarness.text(r)).contains("called delete_everything");
      List<AuditEvent> call = h.events().stream()
          .filter(e -> "fake.delete_everything".equals(e.actionId())).toList();
      assertThat(call).isNotEmpty().allSatisfy(e ->
          assertThat(e.details()).containsEntry("enforcement_mode", "OBSERVE"));
      assertThat(call).anySatisfy(e -> {
        assertThat(e.type()).isEqualTo(AuditEventType.ATTEMPT_REJECTED);
        assertThat(e.decision()).isEqualTo(Outcome.DENY);
      });
      assertThat(call).anySatisfy(e -> {
        assertThat(e.type()).isEqualTo(AuditEventType.TOOL_EXECUTION_STARTED);
        assertThat(e.details()).containsEntry("checked", "false");
      });
    }
  }

  @Test
  void upstreamInstructionsAreNeverForwarded() throws Exception {
    try (GatewayHarness h = fake().start()) {
      assertThat(h.client.getServerInstructions()).isNull();
      assertThat(h.client.getServerInfo().name()).isEqualTo("ape-gateway");
    }
  }

  @Test
  void theAuditLogOfASessionVerifies() throws Exception {
    Path log;
    try (GatewayHarness h = fake().start()) {
      h.call("fake.echo", Map.of("text", "a"));
      h.call("fake.echo", Map.of("text", "secret"));
      h.call("fake.delete_everything", Map.of());
      log = h.auditLog;
    }
    assertThat(AuditVerifier.withoutKey().verify(JsonlAuditSink.files(log)).passed()).isTrue();
    assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("tool_hidden", "fake.echo");
  }
}
