package io.ape.core.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.RateLimitExceededException;
import io.ape.api.SessionExpiredException;
import io.ape.api.SessionRevokedException;
import io.ape.core.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's Sessions snippet, expiry, revocation and the risk budget. */
class ApeSessionTest {
  static final String POLICY = "name: files\ndefault_decision: deny\n"
      + "allowed_actions: [read_file, write_file, list_directory]\n"
      + "forbidden_actions: [delete_file]\n";

  @TempDir
  Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  ApeOrchestrator orch;

  @BeforeEach
  void setUp() throws IOException {
    Path p = dir.resolve("files.yaml");
    Files.writeString(p, POLICY);
    orch = ApeOrchestrator.builder().policyFile(p).clock(clock).tenant("acme")
        .tool("read_file", x -> {
          calls.add("read " + x.get("path"));
          return "{}";
        })
        .tool("write_file", x -> {
          calls.add("write " + x.get("path") + " " + x.get("content"));
          return "ok";
        }).build();
  }

  @AfterEach
  void tearDown() {
    orch.close();
  }

  @Test
  void seedSessionSnippetKeepsContextAcrossTurns() {
    ApeSession session = orch.createSession("user_123", Duration.ofMinutes(30));
    OrchestrationResult r1 = session.execute("Read config.json");
    clock.advance(Duration.ofSeconds(60));
    OrchestrationResult r2 = session.execute("Now update it",
        Map.of("write_file", Map.of("content", "{\"debug\":true}")));
    assertThat(r1.success()).as(r1.error()).isTrue();
    assertThat(r2.success()).as(r2.error()).isTrue();
    assertThat(calls).containsExactly("read config.json", "write config.json {\"debug\":true}");
    assertThat(session.actionsExecuted()).containsExactly("read_file", "write_file");
    assertThat(session.cumulativeRisk()).isEqualTo(0.4); // the seed's value
    assertThat(session.timeRemaining()).isEqualTo(Duration.ofSeconds(1740));
    ApeSession.UsageSummary usage = session.usageSummary();
    assertThat(usage.userId()).isEqualTo("user_123");
    assertThat(usage.tenantId()).isEqualTo("acme");
    assertThat(usage.actionCount()).isEqualTo(2);
    assertThat(usage.expired()).isFalse();
    assertThat(orch.auditEvents().events()).anySatisfy(
        e -> assertThat(e.sessionId()).isEqualTo(session.sessionId()));
  }

  @Test
  void aPromptWithoutABackReferenceDoesNotInheritTheTarget() {
    ApeSession session = orch.createSession("u", Duration.ofMinutes(5));
    session.execute("Read config.json");
    OrchestrationResult r = session.execute("Write a new file",
        Map.of("write_file", Map.of("content", "x")));
    assertThat(r.success()).isFalse();
    assertThat(calls).containsExactly("read config.json");
  }

  @Test
  void anExpiredSessionStopsAllExecution() {
    ApeSession session = orch.createSession("u", Duration.ofMinutes(1));
    clock.advance(Duration.ofMinutes(1));
    assertThat(session.timeRemaining()).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> session.execute("Read config.json"))
        .isInstanceOf(SessionExpiredException.class);
    assertThat(calls).isEmpty();
    assertThat(session.usageSummary().expired()).isTrue();
  }

  @Test
  void aRevokedSessionStopsAllExecution() {
    ApeSession session = orch.createSession("u", Duration.ofMinutes(5));
    session.revoke("user logged out");
    assertThatThrownBy(() -> session.execute("Read config.json"))
        .isInstanceOf(SessionRevokedException.class).hasMessageContaining("user logged out");
    assertThat(calls).isEmpty();
  }

  @Test
  void revocationBetweenStepsStopsTheRemainingSteps() {
    ApeSession[] holder = new ApeSession[1];
    orch.registerTool("list_directory", x -> {
      holder[0].revoke("revoked mid-plan");
      return List.of();
    });
    holder[0] = orch.createSession("u", Duration.ofMinutes(5));
    assertThatThrownBy(() -> holder[0].execute("List the directory /tmp and read /tmp/a.txt"))
        .isInstanceOf(SessionRevokedException.class);
    assertThat(calls).isEmpty();
  }

  @Test
  void theRiskBudgetIsEnforcedBeforeIssuance() {
    ApeSession session = orch.session("u", Duration.ofMinutes(5)).maxCumulativeRisk(0.5).build();
    Map<String, Map<String, Object>> content = Map.of("write_file", Map.of("content", "x"));
    assertThat(session.execute("Write the file a.txt", content).success()).isTrue();
    OrchestrationResult second = session.execute("Write the file b.txt", content);
    assertThat(second.success()).isFalse();
    assertThat(second.exception()).isInstanceOfSatisfying(RateLimitExceededException.class,
        e -> assertThat(e.limitType()).isEqualTo("risk_budget"));
    assertThat(calls).containsExactly("write a.txt x");
    assertThat(session.cumulativeRisk()).isEqualTo(0.4);
  }

  @Test
  void theSessionActionCapIsEnforced() {
    ApeSession session = orch.session("u", Duration.ofMinutes(5)).maxActions(1).build();
    session.execute("Read config.json");
    assertThatThrownBy(() -> session.executeOrThrow("Read other.json"))
        .isInstanceOf(RateLimitExceededException.class);
    assertThat(calls).containsExactly("read config.json");
  }

  @Test
  void badSessionParametersAreRefused() {
    assertThatThrownBy(() -> orch.createSession("", Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> orch.createSession("u", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> orch.session("u", Duration.ofMinutes(1)).maxCumulativeRisk(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> orch.session("u", Duration.ofMinutes(1)).maxCumulativeRisk(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSessionInAnotherTenantRunsInThatTenant() {
    ApeSession session = orch.createSession("u", Duration.ofMinutes(5), "other");
    OrchestrationResult r = session.execute("Read config.json");
    assertThat(r.success()).as(r.error()).isTrue();
    assertThat(r.plan().tenantId()).isEqualTo("other");
  }

  @Test
  void aSessionRevokedWhileTheRateLimitersReserveIsReportedAsRevoked() throws IOException {
    ApeSession[] holder = new ApeSession[1];
    orch.close();
    Path p = dir.resolve("files.yaml");
    orch = ApeOrchestrator.builder().policyFile(p).clock(clock).tenant("acme")
        .rateLimiter((ExecutionLimiter) (session, action, target, risk) ->
            holder[0].revoke("revoked during the reservation"))
        .tool("read_file", x -> {
          calls.add("read " + x.get("path"));
          return "{}";
        }).build();
    holder[0] = orch.createSession("u", Duration.ofMinutes(5));
    assertThatThrownBy(() -> holder[0].execute("Read config.json"))
        .isInstanceOf(SessionRevokedException.class)
        .hasMessageContaining("revoked during the reservation");
    assertThat(calls).isEmpty();
    assertThat(holder[0].session().actionsReserved()).isZero();
  }

  @Test
  void aSessionRevokedWhileATokenIsIssuedNeverRunsTheTool() throws IOException {
    ApeSession[] holder = new ApeSession[1];
    orch.close();
    Path p = dir.resolve("escalating.yaml");
    Files.writeString(p, "name: esc\ndefault_decision: deny\nallowed_actions: [read_file]\n"
        + "escalation_required: [write_file]\n");
    orch = ApeOrchestrator.builder().policyFile(p).clock(clock).tenant("acme")
        .escalationResolver(req -> {
          holder[0].revoke("revoked while a human approved");
          return io.ape.api.EscalationResolution.approve(req, "alice",
              io.ape.api.Provenance.USER_TRUSTED);
        })
        .tool("write_file", x -> {
          calls.add("write " + x.get("path"));
          return "ok";
        }).build();
    holder[0] = orch.createSession("u", Duration.ofMinutes(5));
    assertThatThrownBy(() -> holder[0].execute("Write the file a.txt",
        Map.of("write_file", Map.of("content", "x"))))
        .isInstanceOf(SessionRevokedException.class)
        .hasMessageContaining("revoked while a human approved");
    assertThat(calls).isEmpty();
    assertThat(holder[0].actionsExecuted()).isEmpty();
    assertThat(holder[0].session().tokensIssued()).isZero();
  }

  @Test
  void aRememberedValueFromAnUntrustedTurnIsNotCarriedOver() {
    ApeSession session = orch.createSession("u", Duration.ofMinutes(5));
    session.session().recordAction("read_file", io.ape.api.RiskLevel.MINIMAL);
    session.session().updateContext(c -> c.remember("read_file",
        Map.of("path", "/etc/shadow"), io.ape.api.Provenance.EXTERNAL_UNTRUSTED));
    OrchestrationResult r = session.execute("Now update it",
        Map.of("write_file", Map.of("content", "x")));
    assertThat(r.success()).isFalse();
    assertThat(calls).isEmpty();
  }
}
