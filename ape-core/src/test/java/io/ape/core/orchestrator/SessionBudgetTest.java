package io.ape.core.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.RateLimitExceededException;
import io.ape.api.RiskBudgetExceededException;
import io.ape.api.RiskLevel;
import io.ape.core.session.Session;
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
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy's {@code max_cumulative_risk} and the session caps, end to end. */
class SessionBudgetTest {
  static final String BASE = "name: budget\nversion: \"1.0\"\ndefault_decision: deny\n"
      + "allowed_actions: [read_file, write_file]\n";
  static final int THREADS = 8;
  static final int CALLS_PER_THREAD = 3;

  @TempDir
  Path dir;
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final List<String> writes = Collections.synchronizedList(new ArrayList<>());
  ApeOrchestrator orch;

  @AfterEach
  void close() {
    if (orch != null) {
      orch.close();
    }
  }

  ApeOrchestrator orchestrator(String rateLimits) throws IOException {
    Path p = dir.resolve("policy.yaml");
    Files.writeString(p, BASE + rateLimits);
    return ApeOrchestrator.builder().policyFile(p).clock(clock)
        .tool("read_file", params -> "contents")
        .tool("write_file", params -> {
          writes.add((String) params.get("path"));
          return "ok";
        }).build();
  }

  static Map<String, Map<String, Object>> content() {
    return Map.of("write_file", Map.of("content", "x"));
  }

  @Test
  void thePolicyRiskBudgetStopsTheSecondModerateWriteBeforeItsToolRuns() throws IOException {
    orch = orchestrator("rate_limits: {max_cumulative_risk: 0.5}\n");
    ApeSession session = orch.createSession("alice", Duration.ofMinutes(30));

    OrchestrationResult first = session.execute("Write the file a.txt", content());
    OrchestrationResult second = session.execute("Write the file b.txt", content());

    assertThat(first.success()).as(first.error()).isTrue();
    assertThat(second.success()).isFalse();
    assertThat(second.exception()).isInstanceOfSatisfying(RiskBudgetExceededException.class,
        e -> {
          assertThat(e).isInstanceOf(RateLimitExceededException.class);
          assertThat(e.limitType()).isEqualTo("risk_budget");
          assertThat(e.budget()).isEqualTo(0.5);
          assertThat(e.cumulativeRisk()).isEqualTo(RiskLevel.MODERATE.score());
          assertThat(e.requestedRisk()).isEqualTo(RiskLevel.MODERATE.score());
        });
    assertThat(second.steps()).extracting(StepReport::status)
        .containsExactly(StepStatus.RATE_LIMITED);
    assertThat(writes).containsExactly("a.txt");
    assertThat(session.actionsExecuted()).containsExactly("write_file");
    assertThat(session.cumulativeRisk()).isEqualTo(0.4);
    assertThat(session.usageSummary().maxCumulativeRisk()).isEqualTo(0.5);

    List<AuditEvent> rejected = new ArrayList<>();
    for (AuditEvent e : orch.auditEvents().events(AuditEventType.ATTEMPT_REJECTED)) {
      if (e.sessionId().equals(session.sessionId())) {
        rejected.add(e);
      }
    }
    assertThat(rejected).singleElement().satisfies(e -> {
      assertThat(e.reason()).contains("risk budget").contains("0.4 reserved + 0.4 > 0.5");
      assertThat(e.details()).containsEntry("error", "RiskBudgetExceededException")
          .containsEntry(ApeOrchestrator.CORRELATION_ID, second.auditCorrelationId());
    });
    assertThat(orch.auditEvents().events(AuditEventType.TOOL_EXECUTION_STARTED))
        .filteredOn(e -> e.sessionId().equals(session.sessionId())).hasSize(1);
  }

  @Test
  void theSeedsReadThenWriteFitsABudgetOfHalf() throws IOException {
    orch = orchestrator("rate_limits: {max_cumulative_risk: 0.5}\n");
    ApeSession session = orch.createSession("user_123", Duration.ofMinutes(30));
    assertThat(session.executeOrThrow("Read config.json").success()).isTrue();
    assertThat(session.executeOrThrow("Now update it", content()).success()).isTrue();
    assertThat(writes).containsExactly("config.json");
    assertThat(session.cumulativeRisk()).isEqualTo(0.4);
  }

  @Test
  void aSessionBudgetTighterThanThePolicysApplies() throws IOException {
    orch = orchestrator("rate_limits: {max_cumulative_risk: 3.0}\n");
    ApeSession session = orch.session("alice", Duration.ofMinutes(30))
        .maxCumulativeRisk(0.8).build();
    assertThat(session.execute("Write the file a.txt", content()).success()).isTrue();
    assertThat(session.execute("Write the file b.txt", content()).success()).isTrue();
    assertThat(session.execute("Write the file c.txt", content()).exception())
        .isInstanceOf(RiskBudgetExceededException.class);
    assertThat(writes).containsExactly("a.txt", "b.txt");
    assertThat(session.usageSummary().maxCumulativeRisk()).isEqualTo(0.8);
    // another session of the same orchestrator has the policy's budget
    ApeSession other = orch.createSession("bob", Duration.ofMinutes(30));
    for (int i = 0; i < 3; i++) {
      assertThat(other.execute("Write the file d.txt", content()).success()).isTrue();
    }
  }

  @Test
  void aSessionBudgetLooserThanThePolicysDoesNotLoosenIt() throws IOException {
    orch = orchestrator("rate_limits: {max_cumulative_risk: 0.5}\n");
    ApeSession session = orch.session("alice", Duration.ofMinutes(30))
        .maxCumulativeRisk(10).build();
    assertThat(session.execute("Write the file a.txt", content()).success()).isTrue();
    assertThat(session.execute("Write the file b.txt", content()).exception())
        .isInstanceOf(RiskBudgetExceededException.class);
    assertThat(session.usageSummary().maxCumulativeRisk()).isEqualTo(0.5);
  }

  @RepeatedTest(3)
  void concurrentCallsOnOneSessionNeverExceedThePolicyRiskBudget() throws Exception {
    orch = orchestrator("rate_limits: {max_cumulative_risk: 2.0}\n");
    ApeSession session = orch.createSession("alice", Duration.ofMinutes(30));
    List<OrchestrationResult> results = hammer(session);
    int allowed = 5; // 5 x MODERATE 0.4 = 2.0, the budget (inclusive)
    assertThat(results).filteredOn(OrchestrationResult::success).hasSize(allowed);
    assertThat(results).filteredOn(r -> !r.success()).hasSize(THREADS * CALLS_PER_THREAD - allowed)
        .allSatisfy(r -> assertThat(r.exception())
            .isInstanceOf(RiskBudgetExceededException.class));
    assertThat(writes).hasSize(allowed);
    assertThat(session.actionsExecuted()).hasSize(allowed);
    assertThat(session.cumulativeRisk()).isEqualTo(2.0);
  }

  @RepeatedTest(3)
  void concurrentCallsOnOneSessionNeverExceedItsActionCap() throws Exception {
    orch = orchestrator("");
    ApeSession session = orch.session("alice", Duration.ofMinutes(30)).maxActions(4).build();
    List<OrchestrationResult> results = hammer(session);
    assertThat(results).filteredOn(OrchestrationResult::success).hasSize(4);
    assertThat(results).filteredOn(r -> !r.success())
        .allSatisfy(r -> assertThat(r.exception()).isInstanceOfSatisfying(
            RateLimitExceededException.class,
            e -> assertThat(e.limitType()).isEqualTo(Session.ACTIONS_LIMIT_TYPE)));
    assertThat(writes).hasSize(4);
    assertThat(session.session().actionsReserved()).isEqualTo(4);
    assertThat(session.actionsExecuted()).hasSize(4);
  }

  private List<OrchestrationResult> hammer(ApeSession session) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CyclicBarrier start = new CyclicBarrier(THREADS);
    try {
      List<Future<List<OrchestrationResult>>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          List<OrchestrationResult> mine = new ArrayList<>();
          for (int i = 0; i < CALLS_PER_THREAD; i++) {
            mine.add(session.execute("Write the file f" + thread + "_" + i + ".txt", content()));
          }
          return mine;
        }));
      }
      List<OrchestrationResult> all = new ArrayList<>();
      for (Future<List<OrchestrationResult>> f : futures) {
        all.addAll(f.get(60, TimeUnit.SECONDS));
      }
      return all;
    } finally {
      pool.shutdownNow();
    }
  }
}
