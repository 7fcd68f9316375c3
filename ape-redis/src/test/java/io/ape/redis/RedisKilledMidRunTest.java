package io.ape.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.StateUnavailableException;
import io.ape.spi.state.BudgetCharge;
import io.ape.spi.state.LimitVerdict;
import io.ape.spi.state.WindowCharge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * redis-server is killed (SIGKILL) while 8 threads reserve against a window and a budget: every
 * call made while it is down throws, nothing is admitted beyond any limit, and after a restart
 * the same state object works again (no JVM restart), with the counts from before the kill.
 */
class RedisKilledMidRunTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  /** One call: when it started and ended (phase), and what it returned. */
  record Outcome(int startPhase, int endPhase, Boolean admitted, long nanos) {}

  @Test
  void everyCallFailsClosedWhileRedisIsDownAndNothingExceedsALimit() throws Exception {
    int max = 60;
    WindowCharge window = new WindowCharge("global", Duration.ofDays(1), max);
    BudgetCharge budget = new BudgetCharge("risk:s", 0.5, 40.0, Duration.ofDays(1)); // 80 fit
    try (RedisProcess redis = RedisProcess.launch();
        RedisSharedState state = RedisSharedState.connect(RedisStateSettings.of(redis.uri())
            .withTimeout(Duration.ofMillis(300)), Clock.systemUTC())) {
      ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
      AtomicBoolean stop = new AtomicBoolean();
      int[] phase = {1};
      CountDownLatch someAdmitted = new CountDownLatch(20);
      CountDownLatch someFailedWhileDown = new CountDownLatch(200);
      CountDownLatch someRefusedAfterRestart = new CountDownLatch(200);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        workers.add(pool.submit(() -> {
          for (int i = 0; i < 200_000 && !stop.get(); i++) {
            int p0;
            synchronized (phase) {
              p0 = phase[0];
            }
            long start = System.nanoTime();
            Boolean admitted;
            try {
              LimitVerdict v = state.limits().reserve(List.of(window), List.of(budget), NOW);
              admitted = v.admitted();
            } catch (StateUnavailableException e) {
              admitted = null;
            }
            int p1;
            synchronized (phase) {
              p1 = phase[0];
            }
            outcomes.add(new Outcome(p0, p1, admitted, System.nanoTime() - start));
            if (Boolean.TRUE.equals(admitted)) {
              someAdmitted.countDown();
            }
            if (admitted == null && p0 == 2) {
              someFailedWhileDown.countDown();
            }
            if (Boolean.FALSE.equals(admitted) && p0 == 4) {
              someRefusedAfterRestart.countDown();
            }
          }
        }));
      }
      assertThat(someAdmitted.await(30, TimeUnit.SECONDS)).isTrue();
      redis.kill();
      synchronized (phase) {
        phase[0] = 2;
      }
      assertThat(someFailedWhileDown.await(30, TimeUnit.SECONDS)).isTrue();
      synchronized (phase) {
        phase[0] = 25; // restarting: calls may go either way
      }
      redis.start();
      synchronized (phase) {
        phase[0] = 3; // Redis is back; the client reconnects within a second by itself
      }
      long restarted = System.nanoTime();
      FailClosedTest.eventually(() -> state.limits().used(window, NOW));
      System.out.printf("recovered %d ms after redis-server was ready again%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted));
      synchronized (phase) {
        phase[0] = 4;
      }
      assertThat(someRefusedAfterRestart.await(60, TimeUnit.SECONDS)).isTrue();
      stop.set(true);
      for (Future<?> f : workers) {
        f.get(30, TimeUnit.SECONDS);
      }
      pool.shutdown();

      List<Outcome> all = new ArrayList<>(outcomes);
      List<Outcome> whileDown = all.stream().filter(o -> o.startPhase() == 2
          && o.endPhase() == 2).toList();
      assertThat(whileDown).isNotEmpty().allMatch(o -> o.admitted() == null);
      assertThat(whileDown.stream().mapToLong(Outcome::nanos).max().orElseThrow())
          .isLessThan(TimeUnit.SECONDS.toNanos(2));
      long admitted = all.stream().filter(o -> Boolean.TRUE.equals(o.admitted())).count();
      assertThat(admitted).isLessThanOrEqualTo(max);
      // Redis kept what it acknowledged (appendfsync always): the window is full again and the
      // callers were told "admitted" at most as often as Redis counted
      assertThat(state.limits().used(window, NOW)).isEqualTo(max);
      assertThat(state.limits().total("risk:s")).isLessThanOrEqualTo(40.0)
          .isEqualTo(max * 0.5);
      assertThat(all.stream().filter(o -> o.startPhase() == 4 && o.admitted() == null))
          .as("calls after the reconnect all answer").isEmpty();
    }
  }
}
