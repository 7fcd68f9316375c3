package io.ape.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.RateLimitExceededException;
import io.ape.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Eight threads released together hammer one limiter: check-then-act races (WEAK-25) would
 * let more than the limit through. Every count is exact.
 */
class RateLimiterConcurrencyTest {
  private static final int THREADS = 8;
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T10:00:00Z"));
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** One attempt of thread {@code thread}, number {@code i}; returns a key to count success by. */
  interface Attempt {
    String run(int thread, int i);
  }

  /** Runs the attempts on 8 threads started by a barrier; successes per key. */
  private Map<String, Integer> hammer(int attemptsPerThread, Attempt attempt) throws Exception {
    CyclicBarrier start = new CyclicBarrier(THREADS);
    Map<String, AtomicInteger> successes = new ConcurrentHashMap<>();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < attemptsPerThread; i++) {
          try {
            String key = attempt.run(thread, i);
            successes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
          } catch (RateLimitExceededException refused) {
            successes.computeIfAbsent("refused", k -> new AtomicInteger()).incrementAndGet();
          }
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    Map<String, Integer> out = new ConcurrentHashMap<>();
    successes.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  @RepeatedTest(3)
  void exactlyTheGlobalLimitIsAdmitted() throws Exception {
    RateLimiter limiter = RateLimiter.builder().clock(clock).globalLimit(100, MINUTE).build();
    Map<String, Integer> counts = hammer(50, (t, i) -> {
      limiter.reserve(null, "read_file", (String) null, 0);
      return "ok";
    });
    assertThat(counts).containsEntry("ok", 100).containsEntry("refused", 300);
  }

  @RepeatedTest(3)
  void exactlyTheActionLimitIsAdmittedWhileOtherActionsRunFreely() throws Exception {
    RateLimiter limiter = RateLimiter.builder().clock(clock).actionLimit("write_file", 37, MINUTE)
        .build();
    Map<String, Integer> counts = hammer(40, (t, i) -> {
      String action = i % 2 == 0 ? "write_file" : "read_file";
      limiter.reserve(null, action, (String) null, 0);
      return action;
    });
    assertThat(counts).containsEntry("write_file", 37).containsEntry("read_file", 160);
  }

  @RepeatedTest(3)
  void exactlyThePatternLimitIsAdmittedAcrossDistinctSubDomains() throws Exception {
    RateLimiter limiter = RateLimiter.builder().clock(clock).targetLimit("*.corp", 25, MINUTE)
        .build();
    Map<String, Integer> counts = hammer(30, (t, i) -> {
      limiter.reserve(null, "fetch_url", "https://h" + t + "-" + i + ".CORP./x", 0);
      return "ok";
    });
    assertThat(counts).containsEntry("ok", 25);
  }

  @RepeatedTest(3)
  void exactlyTheSessionLimitAndRiskBudgetAreAdmittedPerSession() throws Exception {
    RateLimiter limiter = RateLimiter.builder().clock(clock).sessionLimit(10, MINUTE)
        .maxCumulativeRisk(3.0).build();
    limiter.openSession("a");
    limiter.openSession("b");
    Map<String, Integer> counts = hammer(20, (t, i) -> {
      String session = t % 2 == 0 ? "a" : "b";
      // session a: limited by the window (10 x 0.1 = 1.0 risk); b: by the budget (3 x 1.0)
      limiter.reserve(session, "write_file", (String) null, session.equals("a") ? 0.1 : 1.0);
      return session;
    });
    assertThat(counts).containsEntry("a", 10).containsEntry("b", 3);
    assertThat(limiter.usage("a").cumulativeRisk()).isEqualTo(1.0);
    assertThat(limiter.usage("b").cumulativeRisk()).isEqualTo(3.0);
  }

  @RepeatedTest(3)
  void overlappingCountersNeitherDeadlockNorOvershoot() throws Exception {
    RateLimiter limiter = RateLimiter.builder().clock(clock)
        .globalLimit(200, MINUTE)
        .actionLimit("a1", 40, MINUTE)
        .actionLimit("a2", 45, MINUTE)
        .targetLimit("*.x", 30, MINUTE)
        .targetLimit("/d/*", 35, MINUTE)
        .targetLimit("*", 150, MINUTE)
        .sessionLimit(60, MINUTE)
        .build();
    limiter.openSession("s0");
    limiter.openSession("s1");
    Map<String, Integer> counts = hammer(100, (t, i) -> {
      String action = (i + t) % 3 == 0 ? "a1" : (i + t) % 3 == 1 ? "a2" : "a3";
      String target = i % 2 == 0 ? "h" + i + ".x" : "/d/" + i;
      String session = i % 5 == 0 ? null : "s" + (t % 2);
      List<String> targets = t % 2 == 0 ? List.of(target, "/d/" + t) : List.of(target);
      limiter.reserve(session, action, targets, 0);
      return "ok";
    });
    int ok = counts.getOrDefault("ok", 0);
    assertThat(ok).isPositive().isLessThanOrEqualTo(150);
    for (LimitUsage usage : limiter.usage("s0").limits()) {
      assertThat(usage.used()).as(usage.limitType()).isLessThanOrEqualTo(usage.max());
    }
    for (LimitUsage usage : limiter.usage("s1").limits()) {
      assertThat(usage.used()).as(usage.limitType()).isLessThanOrEqualTo(usage.max());
    }
    assertThat(limiter.usage(null).limits().get(0).used()).isEqualTo(ok);
    assertThat(limiter.usage(null).limits()).filteredOn(u -> u.limitType().startsWith("target:"))
        .anySatisfy(u -> assertThat(u.used()).isEqualTo(u.max()));
  }

  @Test
  void exactlyMaxPerWindowAsTheClockSlides() throws Exception {
    RateLimiter limiter = RateLimiter.builder().clock(clock).actionLimit("send_email", 10, MINUTE)
        .build();
    // Rounds every 20 s: the window admits 10, then nothing until the first 10 have left.
    int[] expected = {10, 0, 0, 10, 0, 0, 10};
    for (int round = 0; round < expected.length; round++) {
      Map<String, Integer> counts = hammer(5, (t, i) -> {
        limiter.reserve(null, "send_email", (String) null, 0);
        return "ok";
      });
      assertThat(counts.getOrDefault("ok", 0)).as("round %d", round).isEqualTo(expected[round]);
      clock.advance(Duration.ofSeconds(20));
    }
  }

  @Test
  void largeLimitsUseBucketsAndStillAdmitExactlyTheLimitAtOnce() throws Exception {
    RateLimiter limiter = RateLimiter.builder().clock(clock).globalLimit(2000, MINUTE).build();
    Map<String, Integer> counts = hammer(400, (t, i) -> {
      limiter.reserve(null, "read_file", (String) null, 0);
      return "ok";
    });
    assertThat(counts).containsEntry("ok", 2000).containsEntry("refused", 1200);
  }
}
