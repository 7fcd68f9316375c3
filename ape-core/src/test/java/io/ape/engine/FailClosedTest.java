package io.ape.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.CallStatus;
import io.ape.api.EscalationResolution;
import io.ape.api.GuardedCallResult;
import io.ape.api.RiskLevel;
import io.ape.api.StateUnavailableException;
import io.ape.core.escalation.EscalationDeniedException;
import io.ape.core.escalation.EscalationDenial;
import io.ape.core.state.InMemorySharedState;
import io.ape.core.testing.MutableClock;
import io.ape.spi.AuditSink;
import io.ape.spi.state.BudgetCharge;
import io.ape.spi.state.LimitLedger;
import io.ape.spi.state.LimitVerdict;
import io.ape.spi.state.OnceLedger;
import io.ape.spi.state.RevocationRegistry;
import io.ape.spi.state.SessionStore;
import io.ape.spi.state.SharedState;
import io.ape.spi.state.WindowCharge;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failure of APE's own parts ends the guarded call closed: the tool does not run. */
class FailClosedTest {
  @TempDir
  Path dir;
  final MutableClock clock = EngineTestSupport.clock();
  final AtomicInteger runs = new AtomicInteger();

  Path policy(String extra) {
    return EngineTestSupport.write(dir, "p.yaml", EngineTestSupport.SUPPORT + extra);
  }

  void registerTools(ApeEngine engine) {
    engine.registerTool(ToolRegistration.of("get_ticket", args -> {
      runs.incrementAndGet();
      return "ticket";
    }).withRisk(RiskLevel.LOW));
    engine.registerTool(ToolRegistration.of("refund", args -> {
      runs.incrementAndGet();
      return "refunded";
    }).withRisk(RiskLevel.MODERATE));
  }

  @Test
  void aResolverThatHangsIsATimeoutAndTheToolDoesNotRun() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    try (ApeEngine engine = ApeEngine.builder().policyFile(policy("")).clock(clock)
        .escalationTimeout(Duration.ofMillis(100))
        .escalationResolver(req -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            interrupted.set(true);
            Thread.currentThread().interrupt();
          }
          return EscalationResolution.approve(req, "late", io.ape.api.Provenance.USER_TRUSTED);
        }).build()) {
      registerTools(engine);
      AgentSession s = engine.openSession(SessionOptions.forUser("alice"));
      GuardedCallResult r = s.call("refund", Map.of());
      assertThat(r.status()).isEqualTo(CallStatus.ESCALATION_DENIED);
      assertThat(r.error()).isInstanceOfSatisfying(EscalationDeniedException.class,
          e -> assertThat(e.denial()).isEqualTo(EscalationDenial.TIMED_OUT));
      assertThat(runs).hasValue(0);
    } finally {
      release.countDown();
    }
  }

  @Test
  void anAuditSinkThatThrowsFailsTheCallAndTheToolDoesNotRun() {
    AtomicBoolean broken = new AtomicBoolean();
    AuditSink sink = event -> {
      if (broken.get()) {
        throw new IllegalStateException("disk gone");
      }
    };
    try (ApeEngine engine = ApeEngine.builder().policyFile(policy("")).clock(clock)
        .auditSink(sink).build()) {
      registerTools(engine);
      AgentSession s = engine.openSession(SessionOptions.forUser("alice"));
      broken.set(true);
      GuardedCallResult r = s.call("get_ticket", Map.of("id", "T-1"));
      assertThat(r.status()).isEqualTo(CallStatus.FAILED);
      assertThat(r.error()).isInstanceOf(io.ape.api.AuditException.class);
      assertThat(r.modelMessage()).contains("could not be checked safely");
      assertThat(runs).hasValue(0);
    }
  }

  @Test
  void sharedStateThatCannotAnswerFailsTheCallAndTheToolDoesNotRun() {
    InMemorySharedState real = new InMemorySharedState(clock);
    AtomicBoolean down = new AtomicBoolean();
    SharedState flaky = new Flaky(real, down);
    try (ApeEngine engine = ApeEngine.builder()
        .policyFile(policy("rate_limits:\n  global_per_minute: 100\n")).clock(clock)
        .sharedState(flaky).build()) {
      registerTools(engine);
      AgentSession s = engine.openSession(SessionOptions.forUser("alice"));
      assertThat(s.call("get_ticket", Map.of("id", "T-1")).executed()).isTrue();
      down.set(true);
      GuardedCallResult r = s.call("get_ticket", Map.of("id", "T-2"));
      assertThat(r.status()).isEqualTo(CallStatus.FAILED);
      assertThat(r.error()).isInstanceOf(StateUnavailableException.class);
      assertThat(runs).hasValue(1);
      // recovery: once the store answers again, calls go through
      down.set(false);
      assertThat(s.call("get_ticket", Map.of("id", "T-3")).executed()).isTrue();
      assertThat(runs).hasValue(2);
    }
  }

  @Test
  void anApprovalLedgerThatCannotAnswerFailsTheEscalatedCall() {
    InMemorySharedState real = new InMemorySharedState(clock);
    AtomicBoolean down = new AtomicBoolean(true);
    try (ApeEngine engine = ApeEngine.builder().policyFile(policy("")).clock(clock)
        .sharedState(new Flaky(real, down, true))
        .escalationResolver(req -> EscalationResolution.approve(req, "boss",
            io.ape.api.Provenance.USER_TRUSTED)).build()) {
      registerTools(engine);
      AgentSession s = engine.openSession(SessionOptions.forUser("alice"));
      GuardedCallResult r = s.call("refund", Map.of());
      assertThat(r.status()).isEqualTo(CallStatus.FAILED);
      assertThat(r.error()).isInstanceOf(StateUnavailableException.class);
      assertThat(runs).hasValue(0);
    }
  }

  @Test
  void aSessionEndedInTheSharedStateIsRefusedHere() {
    InMemorySharedState shared = new InMemorySharedState(clock);
    try (ApeEngine engine = ApeEngine.builder().policyFile(policy("")).clock(clock)
        .sharedState(shared).build()) {
      registerTools(engine);
      AgentSession s = engine.openSession(SessionOptions.forUser("alice"));
      // another instance revokes it
      shared.sessions().end(s.reference(), io.ape.spi.state.SessionRecord.Status.REVOKED);
      GuardedCallResult r = s.call("get_ticket", Map.of("id", "T-1"));
      assertThat(r.status()).isEqualTo(CallStatus.INVALID);
      assertThat(r.error()).isInstanceOf(io.ape.api.SessionRevokedException.class);
      assertThat(s.isActive()).isFalse();
      assertThat(runs).hasValue(0);
    }
  }

  @Test
  void concurrentCallsInSeveralSessionsAdmitExactlyTheRateLimit() throws Exception {
    int limit = 25;
    int threads = 8;
    int callsPerThread = 20;
    try (ApeEngine engine = ApeEngine.builder()
        .policyFile(policy("rate_limits:\n  global_per_minute: " + limit + "\n")).clock(clock)
        .build()) {
      registerTools(engine);
      engine.registerTool(ToolRegistration.of("send_mail", args -> {
        runs.incrementAndGet();
        return "sent";
      }).withRisk(RiskLevel.HIGH));
      List<AgentSession> sessions = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        sessions.add(engine.openSession(SessionOptions.forUser("user" + i)));
      }
      // a call the policy denies uses no slot: deny some first
      for (AgentSession s : sessions) {
        assertThat(s.call("send_mail", Map.of("to", "x@evil.example")).status())
            .isEqualTo(CallStatus.DENIED);
      }
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<CallStatus>>> futures = new ArrayList<>();
      try {
        for (int t = 0; t < threads; t++) {
          AgentSession s = sessions.get(t % sessions.size());
          futures.add(pool.submit(() -> {
            start.await();
            List<CallStatus> out = new ArrayList<>();
            for (int i = 0; i < callsPerThread; i++) {
              out.add(s.call("get_ticket", Map.of("id", "T-" + i)).status());
            }
            return out;
          }));
        }
        start.countDown();
        List<CallStatus> all = new ArrayList<>();
        for (Future<List<CallStatus>> f : futures) {
          all.addAll(f.get(60, TimeUnit.SECONDS));
        }
        assertThat(all).filteredOn(st -> st == CallStatus.EXECUTED).hasSize(limit);
        assertThat(all).filteredOn(st -> st == CallStatus.RATE_LIMITED)
            .hasSize(threads * callsPerThread - limit);
        assertThat(runs).hasValue(limit);
      } finally {
        pool.shutdownNow();
      }
      List<AuditEvent> exceeded = engine.auditEvents().events(AuditEventType.RATE_LIMIT_EXCEEDED);
      assertThat(exceeded).hasSize(threads * callsPerThread - limit);
      // the window frees after a minute
      clock.advance(Duration.ofMinutes(1));
      assertThat(sessions.get(0).call("get_ticket", Map.of("id", "T-late")).executed()).isTrue();
    }
  }

  @Test
  void theRiskBudgetIsSharedByEveryCallOfTheSession() {
    try (ApeEngine engine = ApeEngine.builder()
        .policyFile(policy("rate_limits:\n  max_cumulative_risk: 0.25\n")).clock(clock).build()) {
      registerTools(engine);
      AgentSession s = engine.openSession(SessionOptions.forUser("alice"));
      assertThat(s.call("get_ticket", Map.of("id", "1")).executed()).isTrue();
      assertThat(s.call("get_ticket", Map.of("id", "2")).executed()).isTrue();
      GuardedCallResult third = s.call("get_ticket", Map.of("id", "3"));
      assertThat(third.status()).isEqualTo(CallStatus.RATE_LIMITED);
      assertThat(third.error()).isInstanceOf(io.ape.api.RiskBudgetExceededException.class);
      AgentSession other = engine.openSession(SessionOptions.forUser("bob"));
      assertThat(other.call("get_ticket", Map.of("id", "4")).executed()).isTrue();
      assertThat(runs).hasValue(3);
    }
  }

  /** A shared state whose limit ledger (or approval ledger) is down while {@code down} is set. */
  private static final class Flaky implements SharedState {
    private final SharedState real;
    private final AtomicBoolean down;
    private final boolean approvalsOnly;

    Flaky(SharedState real, AtomicBoolean down) {
      this(real, down, false);
    }

    Flaky(SharedState real, AtomicBoolean down, boolean approvalsOnly) {
      this.real = real;
      this.down = down;
      this.approvalsOnly = approvalsOnly;
    }

    @Override
    public LimitLedger limits() {
      LimitLedger l = real.limits();
      return new LimitLedger() {
        @Override
        public LimitVerdict reserve(List<WindowCharge> windows, List<BudgetCharge> budgets,
            Instant now) {
          if (down.get() && !approvalsOnly) {
            throw new StateUnavailableException("redis timed out (simulated)");
          }
          return l.reserve(windows, budgets, now);
        }

        @Override
        public double total(String budgetKey) {
          return l.total(budgetKey);
        }

        @Override
        public int used(WindowCharge window, Instant now) {
          return l.used(window, now);
        }
      };
    }

    @Override
    public SessionStore sessions() {
      return real.sessions();
    }

    @Override
    public RevocationRegistry revocations() {
      return real.revocations();
    }

    @Override
    public OnceLedger approvals() {
      return (key, expiresAt) -> {
        if (down.get()) {
          throw new StateUnavailableException("redis timed out (simulated)");
        }
        return real.approvals().claim(key, expiresAt);
      };
    }

    @Override
    public OnceLedger tokens() {
      return real.tokens();
    }

    @Override
    public String describe() {
      return "flaky";
    }

    @Override
    public void close() {
      real.close();
    }
  }
}
