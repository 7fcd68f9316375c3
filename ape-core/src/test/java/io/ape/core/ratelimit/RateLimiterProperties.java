package io.ape.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.RateLimitExceededException;
import io.ape.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** For any sequence of reservations at any times, no window ever holds more than its limit. */
class RateLimiterProperties {
  private static final Instant START = Instant.parse("2025-01-01T10:00:00Z");
  private static final List<String> ACTIONS = List.of("read_file", "write_file");
  private static final List<String> TARGETS =
      List.of("a.corp", "https://B.corp/x", "example.com", "/data/x");

  /** One call: wait {@code delayMillis}, then reserve {@code action} on {@code target}. */
  record Call(long delayMillis, String action, String target) {}

  @Provide
  Arbitrary<List<Call>> calls() {
    Arbitrary<Long> delays = Arbitraries.integers().between(0, 99)
        .map(x -> x < 30 ? 0L : x < 95 ? (x - 29) * 311L : (x - 94) * 40_000L);
    return Combinators.combine(
        delays,
        Arbitraries.of(ACTIONS),
        Arbitraries.of(TARGETS)).as(Call::new).list().ofMaxSize(80);
  }

  /** An accepted or refused call, at the time it was made. */
  record Outcome(long at, Call call, boolean accepted) {}

  @Property(tries = 200)
  void noWindowEverHoldsMoreThanItsLimitAndRefusalsHaveAFullWindow(
      @ForAll("calls") List<Call> calls,
      @ForAll @IntRange(min = 0, max = 6) int globalMax,
      @ForAll @IntRange(min = 0, max = 4) int actionMax,
      @ForAll @IntRange(min = 0, max = 3) int targetMax) {
    MutableClock clock = new MutableClock(START);
    Duration globalWindow = Duration.ofSeconds(60);
    Duration actionWindow = Duration.ofSeconds(30);
    Duration targetWindow = Duration.ofMillis(45_500);
    RateLimiter limiter = RateLimiter.builder().clock(clock)
        .globalLimit(globalMax, globalWindow)
        .actionLimit("write_file", actionMax, actionWindow)
        .targetLimit("*.corp", targetMax, targetWindow)
        .build();
    List<Outcome> outcomes = new ArrayList<>();
    for (Call call : calls) {
      clock.advance(Duration.ofMillis(call.delayMillis()));
      long at = clock.millis();
      boolean accepted;
      try {
        limiter.reserve(null, call.action(), call.target(), 0);
        accepted = true;
      } catch (RateLimitExceededException e) {
        accepted = false;
        assertThat(e.resetAt()).isAfter(clock.instant());
      }
      outcomes.add(new Outcome(at, call, accepted));
    }
    List<Scope> scopes = List.of(
        new Scope(globalMax, globalWindow.toMillis(), c -> true),
        new Scope(actionMax, actionWindow.toMillis(), c -> c.action().equals("write_file")),
        new Scope(targetMax, targetWindow.toMillis(), c -> c.target().contains(".corp")));
    for (int i = 0; i < outcomes.size(); i++) {
      Outcome o = outcomes.get(i);
      boolean someFull = false;
      for (Scope scope : scopes) {
        if (!scope.applies.test(o.call())) {
          continue;
        }
        long inWindow = acceptedBefore(outcomes, i, scope, o.at());
        if (o.accepted()) {
          assertThat(inWindow + 1).as("accepted events in one window").isLessThanOrEqualTo(scope.max);
        } else if (inWindow >= scope.max) {
          someFull = true;
        }
      }
      if (!o.accepted()) {
        assertThat(someFull).as("a refusal needs a full window (exact windows)").isTrue();
      }
    }
  }

  /** A limit and the calls it counts. */
  record Scope(int max, long window, Predicate<Call> applies) {}

  private static long acceptedBefore(List<Outcome> outcomes, int index, Scope scope, long now) {
    long n = 0;
    for (int j = 0; j < index; j++) {
      Outcome prior = outcomes.get(j);
      if (prior.accepted() && scope.applies.test(prior.call()) && prior.at() > now - scope.window) {
        n++;
      }
    }
    return n;
  }

  @Property(tries = 300)
  void bucketedWindowsNeverAdmitMoreThanTheLimitEvenWhenTheClockStepsBack(
      @ForAll @Size(max = 300) List<@IntRange(min = -5_000, max = 20_000) Integer> steps,
      @ForAll @IntRange(min = 0, max = 12) int max,
      @ForAll @IntRange(min = 1, max = 120_000) int windowMillis,
      @ForAll @IntRange(min = 1, max = 16) int buckets,
      @ForAll boolean exact) {
    SlidingWindow window = SlidingWindow.of(max, windowMillis, exact ? Integer.MAX_VALUE : -1,
        buckets);
    long clock = 1_000_000;
    long effective = Long.MIN_VALUE;
    List<Long> accepted = new ArrayList<>();
    for (int step : steps) {
      clock += step;
      effective = Math.max(effective, clock);
      if (window.count(clock) < max) {
        window.record(clock);
        accepted.add(effective);
        long now = effective;
        long inWindow = accepted.stream().filter(t -> t > now - windowMillis).count();
        assertThat(inWindow).isLessThanOrEqualTo(max);
      } else {
        long next = window.nextFree(clock);
        assertThat(next).isGreaterThan(effective);
        if (exact) {
          long now = effective;
          assertThat(accepted.stream().filter(t -> t > now - windowMillis).count())
              .isEqualTo(max);
        }
      }
    }
  }
}
