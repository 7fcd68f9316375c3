package io.ape.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.spi.state.BudgetCharge;
import io.ape.spi.state.LimitLedger;
import io.ape.spi.state.LimitVerdict;
import io.ape.spi.state.WindowCharge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * For random sequences of reservations against random windows and budgets (exact and bucketed
 * windows, budgets with and without a maximum, clocks that step forward, stand still or step
 * back), the Lua ledger admits exactly what {@link LedgerModel} admits, refuses with the same
 * key and retry time, and reports the same counts and totals.
 */
@AddLifecycleHook(RequiresRedis.class)
class LedgerMatchesModelProperties {
  private static final int EXACT_MAX = 3;
  private static final Instant START = Instant.parse("2026-05-01T00:00:00Z");

  private static RedisSharedState state;
  private static TestRedis.Inspector inspector;

  @BeforeContainer
  static void open() {
    state = RedisSharedState.connect(RedisStateSettings.of(TestRedis.uri())
        .withPrefix(TestRedis.freshPrefix()).withExactWindowMax(EXACT_MAX), Clock.systemUTC());
    inspector = TestRedis.inspector(TestRedis.uri());
  }

  @AfterContainer
  static void close() {
    if (state != null) {
      inspector.deleteAll(state.settings().prefix());
      inspector.close();
      state.close();
    }
  }

  /** One step: which windows and budgets to charge, and how far the clock moves first. */
  record Step(List<Integer> windows, List<Integer> budgets, long clockStepMillis) {}

  /** The limits of one try. */
  record Limits(List<WindowCharge> windows, List<BudgetCharge> budgets) {}

  @Property(tries = 300)
  void theLuaLedgerAdmitsExactlyWhatTheModelAdmits(@ForAll("limits") Limits limits,
      @ForAll("steps") List<Step> steps) {
    String run = TestRedis.freshPrefix();
    LimitLedger ledger = state.limits();
    LedgerModel model = new LedgerModel(EXACT_MAX);
    Instant now = START;
    for (Step step : steps) {
      now = now.plusMillis(step.clockStepMillis());
      List<WindowCharge> w = new ArrayList<>();
      for (int i : step.windows()) {
        WindowCharge c = limits.windows().get(i % limits.windows().size());
        w.add(new WindowCharge(run + c.key(), c.window(), c.max()));
      }
      List<BudgetCharge> b = new ArrayList<>();
      if (!limits.budgets().isEmpty()) {
        for (int i : step.budgets()) {
          BudgetCharge c = limits.budgets().get(i % limits.budgets().size());
          b.add(new BudgetCharge(run + c.key(), c.amount(), c.max(), c.ttl()));
        }
      }
      LimitVerdict expected = model.reserve(w, b, now);
      LimitVerdict actual = ledger.reserve(w, b, now);
      assertThat(actual).as("reserve %s %s at %s", w, b, now).isEqualTo(expected);
    }
    for (WindowCharge c : limits.windows()) {
      WindowCharge k = new WindowCharge(run + c.key(), c.window(), c.max());
      assertThat(ledger.used(k, now)).as("used %s", k).isEqualTo(model.used(k, now));
    }
    for (BudgetCharge c : limits.budgets()) {
      assertThat(ledger.total(run + c.key())).isEqualTo(model.total(run + c.key()));
    }
  }

  @Provide
  Arbitrary<Limits> limits() {
    Arbitrary<String> keys = Arbitraries.of("global", "session:s1", "action:write_file",
        "target:*.corp", "session:s2");
    Arbitrary<Duration> lengths = Arbitraries.of(Duration.ofSeconds(10), Duration.ofMinutes(1),
        Duration.ofHours(1), Duration.ofDays(1));
    Arbitrary<WindowCharge> window = Combinators.combine(keys, lengths,
        Arbitraries.integers().between(0, 7)).as(WindowCharge::new);
    Arbitrary<BudgetCharge> budget = Combinators.combine(Arbitraries.of("risk:s1", "risk:s2"),
        Arbitraries.of(0.0, 0.1, 0.2, 0.25, 0.3, 1.0, 0.3333333),
        Arbitraries.of(0.0, 0.3, 1.0, 2.5, Double.POSITIVE_INFINITY))
        .as((k, a, m) -> new BudgetCharge(k, a, m, Duration.ofHours(1)));
    return Combinators.combine(window.list().ofMinSize(1).ofMaxSize(4),
        budget.list().ofMaxSize(2)).as(Limits::new);
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Long> clock = Arbitraries.oneOf(Arbitraries.of(0L, 1L, -5_000L, 9_999L, 10_000L),
        Arbitraries.longs().between(0, 3_600_000), Arbitraries.longs().between(0, 60_000));
    Arbitrary<Step> step = Combinators.combine(
        Arbitraries.integers().between(0, 3).list().ofMaxSize(3),
        Arbitraries.integers().between(0, 1).list().ofMaxSize(2), clock).as(Step::new);
    return step.list().ofMinSize(1).ofMaxSize(40);
  }
}
