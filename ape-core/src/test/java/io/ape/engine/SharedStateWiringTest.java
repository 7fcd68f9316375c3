package io.ape.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.AuditEventType;
import io.ape.api.CallStatus;
import io.ape.api.GuardedCallResult;
import io.ape.api.RateLimitExceededException;
import io.ape.api.RiskBudgetExceededException;
import io.ape.api.RiskLevel;
import io.ape.api.SessionRevokedException;
import io.ape.api.StateUnavailableException;
import io.ape.api.TokenRevokedException;
import io.ape.core.orchestrator.ApeSession;
import io.ape.core.orchestrator.OrchestrationResult;
import io.ape.core.state.InMemorySharedState;
import io.ape.core.testing.MutableClock;
import io.ape.spi.state.RevocationEpochs;
import io.ape.spi.state.RevocationRegistry;
import io.ape.spi.state.SessionRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two engines on one shared state behave as two instances on one Redis: every window and budget,
 * every session and every revocation is the shared state's, on the plan path as on the guarded
 * call.
 */
class SharedStateWiringTest {
  static final String FILES = """
      name: files
      version: "1"
      default_decision: deny
      allowed_actions: [read_file, write_file]
      """;

  @TempDir
  Path dir;
  final MutableClock clock = EngineTestSupport.clock();
  final InMemorySharedState shared = new InMemorySharedState(clock);
  final AtomicInteger writes = new AtomicInteger();

  ApeEngine instance(String extraPolicy) {
    ApeEngine e = ApeEngine.builder()
        .policyFile(EngineTestSupport.write(dir, "p.yaml", FILES + extraPolicy)).clock(clock)
        .sharedState(shared).build();
    e.registerTool("read_file", args -> "contents");
    e.registerTool("write_file", args -> {
      writes.incrementAndGet();
      return "ok";
    });
    return e;
  }

  @Test
  void thePlanPathsLimitsAreWindowsOfTheSharedLedgerSoTwoInstancesAdmitTheLimitOnce() {
    try (ApeEngine one = instance("rate_limits: {global_per_minute: 3}\n");
        ApeEngine two = instance("rate_limits: {global_per_minute: 3}\n")) {
      List<OrchestrationResult> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        results.add(one.orchestrator().execute("Read the config.json file"));
        results.add(two.orchestrator().execute("Read the config.json file"));
      }
      assertThat(results).filteredOn(OrchestrationResult::success).hasSize(3);
      assertThat(results).filteredOn(r -> !r.success()).allSatisfy(r ->
          assertThat(r.exception()).isInstanceOf(RateLimitExceededException.class));
      // both instances audit the refusals they made
      assertThat(one.auditEvents().events(AuditEventType.RATE_LIMIT_EXCEEDED)).isNotEmpty();
      assertThat(two.auditEvents().events(AuditEventType.RATE_LIMIT_EXCEEDED)).isNotEmpty();
    }
  }

  @Test
  void onThePlanPathADeniedStepUsesNoSlotOfTheSharedWindow() {
    String policy = "name: workspace\nversion: \"1\"\ndefault_decision: deny\nrules:\n"
        + "  - id: workspace-reads\n    action: read_file\n    decision: allow\n"
        + "    conditions:\n      path: { path_within: /workspace }\n"
        + "rate_limits: {global_per_minute: 1}\n";
    try (ApeEngine one = ApeEngine.builder()
        .policyFile(EngineTestSupport.write(dir, "w.yaml", policy)).clock(clock)
        .sharedState(shared).build()) {
      one.registerTool("read_file", args -> "contents");
      for (int i = 0; i < 3; i++) {
        OrchestrationResult denied = one.orchestrator().execute("Read the file /etc/passwd");
        assertThat(denied.success()).isFalse();
        assertThat(denied.exception()).isNotInstanceOf(RateLimitExceededException.class);
      }
      assertThat(one.orchestrator().execute("Read the file /workspace/a.txt").success()).isTrue();
      assertThat(one.orchestrator().execute("Read the file /workspace/b.txt").exception())
          .isInstanceOf(RateLimitExceededException.class);
    }
  }

  @Test
  void anOrchestratorSessionsRiskIsOneTallyInTheLedgerAndItsEndIsSeenByEveryInstance() {
    try (ApeEngine one = instance("rate_limits: {max_cumulative_risk: 0.5}\n")) {
      ApeSession s = one.orchestrator().createSession("alice", Duration.ofMinutes(30));
      assertThat(shared.sessions().find(s.sessionId())).get()
          .satisfies(r -> assertThat(r.status()).isEqualTo(SessionRecord.Status.ACTIVE));
      assertThat(s.execute("Write the file a.txt", Map.of("write_file", Map.of("content", "x")))
          .success()).isTrue();
      assertThat(shared.limits().total("risk:" + s.sessionId())).isEqualTo(0.4);
      assertThat(s.cumulativeRisk()).isEqualTo(0.4);
      assertThat(s.execute("Write the file b.txt", Map.of("write_file", Map.of("content", "x")))
          .exception()).isInstanceOf(RiskBudgetExceededException.class);
      // another instance ends it
      shared.sessions().end(s.sessionId(), SessionRecord.Status.REVOKED);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.execute("Read config.json"))
          .isInstanceOf(SessionRevokedException.class);
      assertThat(writes).hasValue(1);
    }
  }

  @Test
  void aSessionOpenedOnOneInstanceIsFoundOnAnotherAndSharesItsBudgetAndItsEnd() {
    try (ApeEngine one = instance("rate_limits: {max_cumulative_risk: 0.5}\n");
        ApeEngine two = instance("rate_limits: {max_cumulative_risk: 0.5}\n")) {
      AgentSession s = one.openSession(SessionOptions.forUser("alice"));
      assertThat(s.call("write_file", Map.of("path", "a", "content", "x")).executed()).isTrue();

      AgentSession there = two.findSession(s.tenantId(), s.id()).orElseThrow();
      assertThat(there.userId()).isEqualTo("alice");
      assertThat(there.reference()).isEqualTo(s.reference());
      GuardedCallResult over = there.call("write_file", Map.of("path", "b", "content", "x"));
      assertThat(over.status()).isEqualTo(CallStatus.RATE_LIMITED);
      assertThat(over.error()).isInstanceOf(RiskBudgetExceededException.class);
      assertThat(there.call("read_file", Map.of("path", "c")).executed()).isTrue();
      assertThat(two.findSession("evil-corp", s.id())).isEmpty();

      s.close();
      GuardedCallResult afterEnd = there.call("read_file", Map.of("path", "c"));
      assertThat(afterEnd.status()).isEqualTo(CallStatus.INVALID);
      assertThat(two.findSession(s.tenantId(), s.id())).isEmpty();
      assertThat(writes).hasValue(1);
    }
  }

  @Test
  void aRevocationOnAnotherInstanceBetweenIssueAndConsumeRefusesTheToken() {
    // the plan path: the orchestrator's own limiter runs inside issuance, after the epochs were
    // captured; it plays "another instance revokes everything" at the worst moment
    try (io.ape.core.orchestrator.ApeOrchestrator orch = io.ape.core.orchestrator.ApeOrchestrator
        .builder().policyFile(EngineTestSupport.write(dir, "q.yaml", FILES)).clock(clock)
        .sharedState(shared)
        .rateLimiter((io.ape.core.orchestrator.ExecutionLimiter) (session, action, target,
            risk) -> shared.revocations().revokeAll())
        .tool("read_file", args -> {
          writes.incrementAndGet();
          return "contents";
        }).build()) {
      OrchestrationResult r = orch.execute("Read the config.json file");
      assertThat(r.success()).isFalse();
      assertThat(r.exception()).isInstanceOf(TokenRevokedException.class)
          .hasMessageContaining("revoked");
      assertThat(writes).hasValue(0);
    }
  }

  @Test
  void theGuardedCallReadsTheEpochsAtConsumeSoARevocationInFlightStopsIt() {
    // the guarded call: "another instance" revokes the session right after this one issued
    AtomicInteger reads = new AtomicInteger();
    RevocationRegistry registry = shared.revocations();
    io.ape.spi.state.SharedState racing = new DelegatingState(shared) {
      @Override
      public RevocationRegistry revocations() {
        return new ForwardingRegistry(registry) {
          @Override
          public RevocationEpochs epochs(String tenant, String session) {
            RevocationEpochs now = registry.epochs(tenant, session);
            if (reads.incrementAndGet() == 1) {
              registry.revokeSession(session);
            }
            return now;
          }
        };
      }
    };
    try (ApeEngine e = ApeEngine.builder()
        .policyFile(EngineTestSupport.write(dir, "p.yaml", FILES)).clock(clock)
        .sharedState(racing).build()) {
      e.registerTool("read_file", args -> {
        writes.incrementAndGet();
        return "x";
      });
      AgentSession s = e.openSession(SessionOptions.forUser("alice"));
      GuardedCallResult r = s.call("read_file", Map.of("path", "a"));
      assertThat(r.status()).isNotEqualTo(CallStatus.EXECUTED);
      assertThat(r.error()).isInstanceOf(TokenRevokedException.class);
      assertThat(writes).hasValue(0);
      assertThat(s.call("read_file", Map.of("path", "a")).executed()).isTrue();
    }
  }

  @Test
  void aRevocationRegistryThatCannotAnswerRefusesTheCallAndAuditsIt() {
    AtomicBoolean down = new AtomicBoolean();
    RevocationRegistry registry = shared.revocations();
    io.ape.spi.state.SharedState flaky = new DelegatingState(shared) {
      @Override
      public RevocationRegistry revocations() {
        return new ForwardingRegistry(registry) {
          @Override
          public RevocationEpochs epochs(String tenant, String session) {
            if (down.get()) {
              throw new StateUnavailableException("redis timed out (simulated)");
            }
            return registry.epochs(tenant, session);
          }
        };
      }
    };
    try (ApeEngine e = ApeEngine.builder()
        .policyFile(EngineTestSupport.write(dir, "p.yaml", FILES)).clock(clock)
        .sharedState(flaky).build()) {
      e.registerTool("read_file", args -> {
        writes.incrementAndGet();
        return "x";
      });
      AgentSession s = e.openSession(SessionOptions.forUser("alice"));
      down.set(true);
      GuardedCallResult r = s.call("read_file", Map.of("path", "a"));
      assertThat(r.status()).isEqualTo(CallStatus.FAILED);
      assertThat(r.error()).isInstanceOf(StateUnavailableException.class);
      assertThat(writes).hasValue(0);
      assertThat(e.auditEvents().events(AuditEventType.ATTEMPT_REJECTED))
          .anySatisfy(ev -> assertThat(ev.details()).containsEntry("error",
              "StateUnavailableException"));
      down.set(false);
      assertThat(s.call("read_file", Map.of("path", "a")).executed()).isTrue();
    }
  }

  /** A registry that forwards everything (tests override a part). */
  static class ForwardingRegistry implements RevocationRegistry {
    final RevocationRegistry real;

    ForwardingRegistry(RevocationRegistry real) {
      this.real = real;
    }

    @Override
    public long revokeAll() {
      return real.revokeAll();
    }

    @Override
    public long revokeTenant(String tenant) {
      return real.revokeTenant(tenant);
    }

    @Override
    public long revokeSession(String session) {
      return real.revokeSession(session);
    }

    @Override
    public RevocationEpochs epochs(String tenant, String session) {
      return real.epochs(tenant, session);
    }
  }

  /** A shared state that forwards everything (tests override a part). */
  static class DelegatingState implements io.ape.spi.state.SharedState {
    final io.ape.spi.state.SharedState real;

    DelegatingState(io.ape.spi.state.SharedState real) {
      this.real = real;
    }

    @Override
    public io.ape.spi.state.LimitLedger limits() {
      return real.limits();
    }

    @Override
    public io.ape.spi.state.SessionStore sessions() {
      return real.sessions();
    }

    @Override
    public RevocationRegistry revocations() {
      return real.revocations();
    }

    @Override
    public io.ape.spi.state.OnceLedger approvals() {
      return real.approvals();
    }

    @Override
    public io.ape.spi.state.OnceLedger tokens() {
      return real.tokens();
    }

    @Override
    public String describe() {
      return "delegating";
    }

    @Override
    public void close() {
      real.close();
    }
  }
}
