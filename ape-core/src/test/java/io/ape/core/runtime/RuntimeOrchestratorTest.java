package io.ape.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.AuditException;
import io.ape.api.IntentException;
import io.ape.api.RuntimeStateException;
import io.ape.core.audit.AuditLog;
import io.ape.core.audit.InMemoryAuditSink;
import io.ape.core.testing.MutableClock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RuntimeOrchestratorTest {
  private final MutableClock clock = new MutableClock();
  private final InMemoryAuditSink sink = new InMemoryAuditSink(1024);
  private final AuditLog audit = AuditLog.builder().clock(clock).sink(sink).build();

  private RuntimeOrchestrator run() {
    return RuntimeOrchestrator.builder().tenant("t").session("s").audit(audit).build();
  }

  private static final Map<RuntimeState, Set<RuntimeState>> LEGAL = Map.of(
      RuntimeState.INITIALIZED, EnumSet.of(RuntimeState.INTENT_SET, RuntimeState.TERMINATED),
      RuntimeState.INTENT_SET, EnumSet.of(RuntimeState.PLAN_APPROVED, RuntimeState.INTENT_SET,
          RuntimeState.TERMINATED),
      RuntimeState.PLAN_APPROVED, EnumSet.of(RuntimeState.EXECUTING, RuntimeState.TERMINATED),
      RuntimeState.EXECUTING, EnumSet.of(RuntimeState.EXECUTING, RuntimeState.ESCALATION_REQUIRED,
          RuntimeState.TERMINATED),
      RuntimeState.ESCALATION_REQUIRED, EnumSet.of(RuntimeState.EXECUTING, RuntimeState.TERMINATED),
      RuntimeState.TERMINATED, EnumSet.noneOf(RuntimeState.class));

  @Test
  void transitionTableIsExactlyTheDesignsSixStatesAndTheirSuccessors() {
    for (RuntimeState from : RuntimeState.values()) {
      assertThat(from.successors()).as("successors of %s", from).isEqualTo(LEGAL.get(from));
      for (RuntimeState to : RuntimeState.values()) {
        assertThat(from.canTransitionTo(to)).isEqualTo(LEGAL.get(from).contains(to));
      }
      assertThat(from.canTransitionTo(null)).isFalse();
      assertThat(from.canIssueAuthority()).isEqualTo(from == RuntimeState.EXECUTING);
    }
  }

  /** Drives a run into {@code target} along legal transitions (guards are not installed here). */
  private RuntimeOrchestrator runIn(RuntimeState target) {
    RuntimeOrchestrator r = run();
    List<RuntimeState> path = switch (target) {
      case INITIALIZED -> List.of();
      case INTENT_SET -> List.of(RuntimeState.INTENT_SET);
      case PLAN_APPROVED -> List.of(RuntimeState.INTENT_SET, RuntimeState.PLAN_APPROVED);
      case EXECUTING -> List.of(RuntimeState.INTENT_SET, RuntimeState.PLAN_APPROVED, RuntimeState.EXECUTING);
      case ESCALATION_REQUIRED -> List.of(RuntimeState.INTENT_SET, RuntimeState.PLAN_APPROVED,
          RuntimeState.EXECUTING, RuntimeState.ESCALATION_REQUIRED);
      case TERMINATED -> List.of(RuntimeState.TERMINATED);
    };
    path.forEach(r::transition);
    return r;
  }

  @Test
  void everyIllegalTransitionThrowsLeavesTheStateAndIsAudited() {
    for (RuntimeState from : RuntimeState.values()) {
      for (RuntimeState to : RuntimeState.values()) {
        RuntimeOrchestrator r = runIn(from);
        int rejectedBefore = sink.events(AuditEventType.ATTEMPT_REJECTED).size();
        if (LEGAL.get(from).contains(to)) {
          r.transition(to);
          assertThat(r.state()).isEqualTo(to);
        } else {
          assertThatThrownBy(() -> r.transition(to)).isInstanceOf(RuntimeStateException.class)
              .satisfies(e -> {
                assertThat(((RuntimeStateException) e).currentState()).isEqualTo(from.name());
                assertThat(((RuntimeStateException) e).attemptedState()).isEqualTo(to.name());
              });
          assertThat(r.state()).isEqualTo(from);
          assertThat(sink.events(AuditEventType.ATTEMPT_REJECTED)).hasSize(rejectedBefore + 1);
        }
      }
    }
  }

  @Test
  void terminatedIsFinalAndTerminateIsIdempotent() {
    RuntimeOrchestrator r = runIn(RuntimeState.EXECUTING);
    assertThat(r.terminate()).isTrue();
    assertThat(r.terminate()).isFalse();
    assertThat(r.isTerminated()).isTrue();
    assertThat(r.validTransitions()).isEmpty();
    for (RuntimeState s : RuntimeState.values()) {
      assertThatThrownBy(() -> r.transition(s)).isInstanceOf(RuntimeStateException.class)
          .hasMessageContaining("TERMINATED, which is final");
    }
    assertThat(java.util.Arrays.stream(RuntimeOrchestrator.class.getMethods()).map(m -> m.getName()))
        .doesNotContain("reset");
  }

  @Test
  void legalTransitionsAreAuditedWithTenantSessionAndClockTime() {
    RuntimeOrchestrator r = run();
    r.transition(RuntimeState.INTENT_SET);
    AuditEvent e = sink.events(AuditEventType.STATE_TRANSITION).get(0);
    assertThat(e.tenantId()).isEqualTo("t");
    assertThat(e.sessionId()).isEqualTo("s");
    assertThat(e.timestamp()).isEqualTo(clock.instant());
    assertThat(e.details()).containsEntry("from_state", "INITIALIZED").containsEntry("to_state", "INTENT_SET");
    assertThat(r.history()).extracting(StateChange::to).containsExactly(RuntimeState.INTENT_SET);
  }

  @Test
  void guardsVetoBeforeTheStateChangesAndListenersRunAfter() {
    RuntimeOrchestrator r = run();
    List<String> seen = new ArrayList<>();
    r.addTransitionGuard((from, to) -> {
      if (to == RuntimeState.INTENT_SET) {
        throw new IntentException("no intent");
      }
    });
    r.addTransitionListener((from, to) -> seen.add(from + "->" + to + "@" + r.state()));
    assertThatThrownBy(() -> r.transition(RuntimeState.INTENT_SET))
        .isInstanceOf(RuntimeStateException.class).hasMessageContaining("no intent")
        .hasCauseInstanceOf(IntentException.class);
    assertThat(r.state()).isEqualTo(RuntimeState.INITIALIZED);
    assertThat(seen).isEmpty();
    r.transition(RuntimeState.TERMINATED);
    assertThat(seen).containsExactly("INITIALIZED->TERMINATED@TERMINATED");
  }

  @Test
  void aGuardThatThrowsAnythingRefusesTheTransition() {
    RuntimeOrchestrator r = run();
    r.addTransitionGuard((from, to) -> {
      throw new IllegalStateException("boom");
    });
    assertThatThrownBy(() -> r.transition(RuntimeState.INTENT_SET))
        .isInstanceOf(RuntimeStateException.class).hasMessageContaining("boom");
    assertThat(r.state()).isEqualTo(RuntimeState.INITIALIZED);
  }

  @Test
  void historyIsBounded() {
    RuntimeOrchestrator r = RuntimeOrchestrator.builder().audit(audit).historyLimit(3).build();
    r.transition(RuntimeState.INTENT_SET);
    for (int i = 0; i < 10; i++) {
      r.transition(RuntimeState.INTENT_SET);
    }
    assertThat(r.history()).hasSize(3);
    assertThatThrownBy(() -> RuntimeOrchestrator.builder().historyLimit(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTransitionThatCannotBeAuditedDoesNotHappenExceptTermination() {
    AuditLog failing = AuditLog.builder().clock(clock).sink(e -> {
      throw new IllegalStateException("disk full");
    }).build();
    RuntimeOrchestrator r = RuntimeOrchestrator.builder().audit(failing).build();
    assertThatThrownBy(() -> r.transition(RuntimeState.INTENT_SET)).isInstanceOf(AuditException.class);
    assertThat(r.state()).isEqualTo(RuntimeState.INITIALIZED);
    assertThatThrownBy(() -> r.transition(RuntimeState.TERMINATED)).isInstanceOf(AuditException.class);
    assertThat(r.state()).isEqualTo(RuntimeState.TERMINATED);
  }

  @Test
  void assertionsAndDefaults() {
    RuntimeOrchestrator r = new RuntimeOrchestrator();
    assertThat(r.tenantId()).isEqualTo("default");
    assertThat(r.sessionId()).isEmpty();
    assertThat(r.canIssueAuthority()).isFalse();
    assertThatThrownBy(r::assertCanIssueAuthority).isInstanceOf(RuntimeStateException.class)
        .hasMessageContaining("only be issued in EXECUTING");
    assertThatThrownBy(() -> r.assertState(RuntimeState.EXECUTING)).isInstanceOf(RuntimeStateException.class);
    r.assertState(RuntimeState.INITIALIZED);
    assertThat(r.audit().sinks()).hasSize(1);
    assertThatThrownBy(() -> RuntimeOrchestrator.builder().tenant(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RuntimeOrchestrator.builder().clock(new MutableClock()).audit(audit).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clock");
  }

  @Test
  void concurrentTerminationsHaveExactlyOneWinner() throws Exception {
    for (int round = 0; round < 50; round++) {
      RuntimeOrchestrator r = runIn(RuntimeState.EXECUTING);
      int threads = 8;
      CyclicBarrier barrier = new CyclicBarrier(threads);
      AtomicInteger won = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
      List<Thread> ts = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Thread t = new Thread(() -> {
          try {
            barrier.await();
            r.transition(RuntimeState.TERMINATED);
            won.incrementAndGet();
          } catch (RuntimeStateException e) {
            refused.incrementAndGet();
          } catch (Throwable e) {
            unexpected.add(e);
          }
        });
        ts.add(t);
        t.start();
      }
      for (Thread t : ts) {
        t.join();
      }
      assertThat(unexpected).isEmpty();
      assertThat(won.get()).isEqualTo(1);
      assertThat(refused.get()).isEqualTo(threads - 1);
    }
  }
}
