package io.ape.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.spi.state.BudgetCharge;
import io.ape.spi.state.LimitLedger;
import io.ape.spi.state.LimitVerdict;
import io.ape.spi.state.WindowCharge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Redis LimitLedger against a real Redis: windows, budgets, all or nothing. */
class RedisLimitLedgerTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration DAY = Duration.ofDays(1);

  private RedisSharedState state;
  private LimitLedger ledger;

  @BeforeEach
  void open() {
    state = RedisSharedState.connect(RedisStateSettings.of(TestRedis.uri())
        .withPrefix(TestRedis.freshPrefix()).withExactWindowMax(8), Clock.systemUTC());
    ledger = state.limits();
  }

  @AfterEach
  void close() {
    if (state == null) {
      return;
    }
    try (TestRedis.Inspector in = TestRedis.inspector(TestRedis.uri())) {
      in.deleteAll(state.settings().prefix());
    }
    state.close();
  }

  private static WindowCharge window(String key, int max, Duration w) {
    return new WindowCharge(key, w, max);
  }

  @Test
  void aWindowAdmitsMaxUsesAndThenSaysWhenTheOldestLeaves() {
    WindowCharge perMinute = window("action:write_file", 3, Duration.ofMinutes(1));
    for (int i = 0; i < 3; i++) {
      assertThat(ledger.reserve(List.of(perMinute), List.of(), T0.plusSeconds(i)).admitted())
          .isTrue();
    }
    LimitVerdict refused = ledger.reserve(List.of(perMinute), List.of(), T0.plusSeconds(10));
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.refusedKey()).isEqualTo("action:write_file");
    assertThat(refused.limit()).isEqualTo(3);
    assertThat(refused.retryAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(ledger.used(perMinute, T0.plusSeconds(10))).isEqualTo(3);
    // the oldest use leaves the window exactly one minute after it was made
    assertThat(ledger.reserve(List.of(perMinute), List.of(), T0.plusMillis(59_999)).admitted())
        .isFalse();
    assertThat(ledger.reserve(List.of(perMinute), List.of(), T0.plusSeconds(60)).admitted())
        .isTrue();
  }

  @Test
  void aRefusalRecordsNothingInAnyOtherWindowOrBudget() {
    WindowCharge full = window("global", 1, DAY);
    WindowCharge other = window("session:s1", 10, DAY);
    BudgetCharge risk = new BudgetCharge("risk:s1", 0.5, 1.0, DAY);
    assertThat(ledger.reserve(List.of(full), List.of(), T0).admitted()).isTrue();
    for (int i = 0; i < 5; i++) {
      LimitVerdict v = ledger.reserve(List.of(other, full), List.of(risk), T0.plusSeconds(i));
      assertThat(v.admitted()).isFalse();
      assertThat(v.refusedKey()).isEqualTo("global");
    }
    assertThat(ledger.used(other, T0.plusSeconds(5))).isZero();
    assertThat(ledger.total("risk:s1")).isZero();
  }

  @Test
  void theBudgetIsExactInDecimalsAndNeverFreesUp() {
    BudgetCharge tenth = new BudgetCharge("risk:s", 0.1, 0.3, DAY);
    for (int i = 0; i < 3; i++) {
      assertThat(ledger.reserve(List.of(), List.of(tenth), T0).admitted()).isTrue();
    }
    assertThat(ledger.total("risk:s")).isEqualTo(0.3);
    LimitVerdict v = ledger.reserve(List.of(), List.of(tenth), T0.plus(DAY.multipliedBy(30)));
    assertThat(v.admitted()).isFalse();
    assertThat(v.refusedKey()).isEqualTo("risk:s");
    assertThat(v.limit()).isEqualTo(0.3);
    assertThat(v.retryAt()).isEqualTo(Instant.MAX);
    // a zero amount still fits a full budget
    assertThat(ledger.reserve(List.of(), List.of(new BudgetCharge("risk:s", 0, 0.3, DAY)), T0)
        .admitted()).isTrue();
  }

  @Test
  void anInfiniteBudgetOnlyCounts() {
    BudgetCharge free = new BudgetCharge("risk:free", 2.5, Double.POSITIVE_INFINITY, DAY);
    for (int i = 0; i < 4; i++) {
      assertThat(ledger.reserve(List.of(), List.of(free), T0).admitted()).isTrue();
    }
    assertThat(ledger.total("risk:free")).isEqualTo(10.0);
  }

  @Test
  void aWindowOfZeroNeverAdmits() {
    LimitVerdict v = ledger.reserve(List.of(window("action:rm", 0, DAY)), List.of(), T0);
    assertThat(v.admitted()).isFalse();
    assertThat(v.retryAt()).isEqualTo(Instant.MAX);
  }

  @Test
  void aClockThatStepsBackFreesNoSlot() {
    WindowCharge w = window("global", 2, Duration.ofMinutes(1));
    assertThat(ledger.reserve(List.of(w), List.of(), T0).admitted()).isTrue();
    assertThat(ledger.reserve(List.of(w), List.of(), T0.plusSeconds(50)).admitted()).isTrue();
    // another instance whose clock is 10 minutes behind: the window is read at the newest use
    assertThat(ledger.reserve(List.of(w), List.of(), T0.minusSeconds(600)).admitted()).isFalse();
    assertThat(ledger.reserve(List.of(w), List.of(), T0.plusSeconds(60)).admitted()).isTrue();
  }

  @Test
  void aLargeWindowUsesBucketsAndNeverAdmitsMoreThanMax() {
    WindowCharge big = window("target:*.corp", 20, Duration.ofSeconds(256));
    int admitted = 0;
    for (int i = 0; i < 60; i++) {
      if (ledger.reserve(List.of(big), List.of(), T0.plusMillis(i * 100L)).admitted()) {
        admitted++;
      }
    }
    assertThat(admitted).isEqualTo(20);
    LimitVerdict v = ledger.reserve(List.of(big), List.of(), T0.plusSeconds(10));
    // the first bucket (1 s wide) leaves after 257 buckets at the latest
    assertThat(v.retryAt()).isEqualTo(T0.plusSeconds(257));
    assertThat(ledger.reserve(List.of(big), List.of(), T0.plusSeconds(257)).admitted()).isTrue();
  }

  @Test
  void theSameKeyTwiceInOneReservationCountsOnce() {
    WindowCharge a = window("target:*.corp", 5, DAY);
    WindowCharge b = window("target:*.corp", 2, DAY);
    assertThat(ledger.reserve(List.of(a, b), List.of(), T0).admitted()).isTrue();
    assertThat(ledger.used(a, T0)).isEqualTo(1);
    assertThat(ledger.reserve(List.of(a, b), List.of(), T0).admitted()).isTrue();
    assertThat(ledger.reserve(List.of(a, b), List.of(), T0).admitted()).isFalse();
    // the same key with another window length is another counter
    assertThat(ledger.reserve(List.of(window("target:*.corp", 5, Duration.ofHours(1))), List.of(),
        T0).admitted()).isTrue();
  }

  @Test
  void nothingToChargeIsAdmitted() {
    assertThat(ledger.reserve(List.of(), List.of(), T0).admitted()).isTrue();
  }

  @Test
  void badArgumentsAreRefusedBeforeRedisIsAsked() {
    assertThatThrownBy(() -> ledger.reserve(null, List.of(), T0))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ledger.reserve(List.of(), List.of(), null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ledger.reserve(List.of(window("w", 1, Duration.ofDays(4000))),
        List.of(), T0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ledger.reserve(List.of(), List.of(new BudgetCharge("b", 1e12, 1,
        DAY)), T0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentReservationsNeverOverfillAWindowOrABudget() throws Exception {
    WindowCharge w = window("global", 50, DAY);
    BudgetCharge budget = new BudgetCharge("risk:c", 0.25, 10.0, DAY); // 40 fit
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        tasks.add(() -> {
          int n = 0;
          for (int i = 0; i < 20; i++) {
            if (ledger.reserve(List.of(w), List.of(budget), T0).admitted()) {
              n++;
            }
          }
          return n;
        });
      }
      int admitted = 0;
      for (Future<Integer> f : pool.invokeAll(tasks)) {
        admitted += f.get(30, TimeUnit.SECONDS);
      }
      assertThat(admitted).isEqualTo(40);
      assertThat(ledger.total("risk:c")).isEqualTo(10.0);
      assertThat(ledger.used(w, T0)).isEqualTo(40);
    } finally {
      pool.shutdownNow();
    }
  }
}
