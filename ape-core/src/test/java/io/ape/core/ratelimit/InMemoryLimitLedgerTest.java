package io.ape.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.StateUnavailableException;
import io.ape.spi.state.BudgetCharge;
import io.ape.spi.state.LimitVerdict;
import io.ape.spi.state.WindowCharge;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The in-memory limit ledger: atomic, exact, bounded. */
class InMemoryLimitLedgerTest {
  static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
  final InMemoryLimitLedger ledger = new InMemoryLimitLedger();
  final WindowCharge twoPerMinute = new WindowCharge("rl:a", Duration.ofMinutes(1), 2);
  final WindowCharge onePerMinute = new WindowCharge("rl:b", Duration.ofMinutes(1), 1);

  @Test
  void aRefusalRecordsNothingAnywhere() {
    assertThat(ledger.reserve(List.of(onePerMinute), List.of(), T0).admitted()).isTrue();
    LimitVerdict v = ledger.reserve(List.of(twoPerMinute, onePerMinute), List.of(), T0);
    assertThat(v.admitted()).isFalse();
    assertThat(v.refusedKey()).isEqualTo("rl:b");
    assertThat(v.retryAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
    assertThat(ledger.used(twoPerMinute, T0)).isZero();
    BudgetCharge budget = new BudgetCharge("risk:s", 0.6, 1.0, Duration.ofHours(1));
    assertThat(ledger.reserve(List.of(twoPerMinute), List.of(budget), T0).admitted()).isTrue();
    LimitVerdict overBudget = ledger.reserve(List.of(twoPerMinute), List.of(budget), T0);
    assertThat(overBudget.refusedKey()).isEqualTo("risk:s");
    assertThat(overBudget.retryAt()).isEqualTo(Instant.MAX);
    assertThat(ledger.used(twoPerMinute, T0)).isEqualTo(1);
    assertThat(ledger.total("risk:s")).isEqualTo(0.6);
  }

  @Test
  void windowsSlideAndBudgetsAreExactDecimals() {
    for (int i = 0; i < 2; i++) {
      assertThat(ledger.reserve(List.of(twoPerMinute), List.of(), T0).admitted()).isTrue();
    }
    assertThat(ledger.reserve(List.of(twoPerMinute), List.of(), T0.plusSeconds(59)).admitted())
        .isFalse();
    assertThat(ledger.reserve(List.of(twoPerMinute), List.of(), T0.plusSeconds(60)).admitted())
        .isTrue();
    BudgetCharge tenth = new BudgetCharge("risk:x", 0.1, 0.3, Duration.ofHours(1));
    for (int i = 0; i < 3; i++) {
      assertThat(ledger.reserve(List.of(), List.of(tenth), T0).admitted()).isTrue();
    }
    assertThat(ledger.reserve(List.of(), List.of(tenth), T0).admitted()).isFalse();
    WindowCharge never = new WindowCharge("rl:none", Duration.ofMinutes(1), 0);
    assertThat(ledger.reserve(List.of(never), List.of(), T0).retryAt()).isEqualTo(Instant.MAX);
  }

  @Test
  void concurrentReservationsNeverExceedTheWindow() throws Exception {
    WindowCharge fifty = new WindowCharge("rl:c", Duration.ofMinutes(1), 50);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> futures = new ArrayList<>();
    try {
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          int admitted = 0;
          for (int i = 0; i < 40; i++) {
            admitted += ledger.reserve(List.of(fifty), List.of(), T0).admitted() ? 1 : 0;
          }
          return admitted;
        }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> f : futures) {
        total += f.get(30, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(50);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFullLedgerForgetsExpiredEntriesAndOtherwiseFailsClosed() {
    InMemoryLimitLedger small = new InMemoryLimitLedger(2);
    assertThat(small.reserve(List.of(new WindowCharge("k1", Duration.ofSeconds(1), 5)),
        List.of(), T0).admitted()).isTrue();
    assertThat(small.reserve(List.of(new WindowCharge("k2", Duration.ofMinutes(1), 5)),
        List.of(), T0).admitted()).isTrue();
    WindowCharge third = new WindowCharge("k3", Duration.ofMinutes(1), 5);
    assertThatThrownBy(() -> small.reserve(List.of(third), List.of(), T0))
        .isInstanceOf(StateUnavailableException.class);
    assertThat(small.reserve(List.of(third), List.of(), T0.plusSeconds(2)).admitted()).isTrue();
    assertThat(small.size()).isEqualTo(2);
  }
}
