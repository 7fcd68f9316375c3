package io.ape.redis;

import io.ape.spi.state.BudgetCharge;
import io.ape.spi.state.RevocationEpochs;
import io.ape.spi.state.WindowCharge;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One engine instance in a separate JVM for {@link ThreeInstancesTest}: connects to Redis,
 * prints {@code READY}, waits for {@code GO} on standard input, runs 16 threads of one
 * workload, prints {@code RESULT name value} lines and exits.
 *
 * <p>Arguments: {@code limits|claims|epochs} URI PREFIX [revoker].
 */
public final class SharedStateWorker {
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  static final int THREADS = 16;
  static final int WINDOW_MAX = 100;
  static final WindowCharge WINDOW = new WindowCharge("global", Duration.ofDays(1), WINDOW_MAX);
  static final BudgetCharge BUDGET = new BudgetCharge("risk:shared", 0.3, 25.0,
      Duration.ofDays(1)); // 83 fit
  static final int CLAIM_KEYS = 200;
  static final String SESSION = "session-watched";

  private SharedStateWorker() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    RedisStateSettings settings = RedisStateSettings.of(args[1]).withPrefix(args[2])
        .withTimeout(Duration.ofSeconds(5));
    boolean revoker = args.length > 3 && args[3].equals("revoker");
    try (RedisSharedState state = RedisSharedState.connect(settings, Clock.systemUTC())) {
      state.revocations().epochs("acme", "warm-up"); // connected before GO
      System.out.println("READY");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
          StandardCharsets.UTF_8));
      if (!"GO".equals(in.readLine())) {
        System.exit(2);
      }
      switch (mode) {
        case "limits" -> limits(state);
        case "claims" -> claims(state);
        case "epochs" -> epochs(state, revoker);
        default -> throw new IllegalArgumentException(mode);
      }
    }
    System.out.flush();
    System.exit(0);
  }

  private static void limits(RedisSharedState state) throws Exception {
    AtomicInteger windowAdmitted = new AtomicInteger();
    AtomicInteger budgetAdmitted = new AtomicInteger();
    run(() -> {
      for (int i = 0; i < 60; i++) {
        if (state.limits().reserve(List.of(WINDOW), List.of(), NOW).admitted()) {
          windowAdmitted.incrementAndGet();
        }
        if (state.limits().reserve(List.of(), List.of(BUDGET), NOW).admitted()) {
          budgetAdmitted.incrementAndGet();
        }
      }
    });
    result("windowAdmitted", windowAdmitted.get());
    result("budgetAdmitted", budgetAdmitted.get());
  }

  private static void claims(RedisSharedState state) throws Exception {
    StringBuffer won = new StringBuffer();
    run(() -> {
      for (int k = 0; k < CLAIM_KEYS; k++) {
        if (state.approvals().claim("approval-" + k, NOW.plusSeconds(3600))) {
          won.append(k).append(',');
        }
      }
    });
    System.out.println("RESULT won " + won);
  }

  private static void epochs(RedisSharedState state, boolean revoker) throws Exception {
    long before = state.revocations().epochs("acme", SESSION).session();
    AtomicLong lastOldStart = new AtomicLong(Long.MIN_VALUE);
    AtomicLong lastOldEnd = new AtomicLong(Long.MIN_VALUE);
    AtomicLong firstNewEnd = new AtomicLong(Long.MAX_VALUE);
    AtomicLong maxRead = new AtomicLong();
    AtomicInteger reads = new AtomicInteger();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Runnable watch = () -> {
      int afterNew = 0;
      while (afterNew < 200 && System.nanoTime() < deadline) {
        long start = System.nanoTime();
        RevocationEpochs e = state.revocations().epochs("acme", SESSION);
        long end = System.nanoTime();
        reads.incrementAndGet();
        maxRead.accumulateAndGet(end - start, Math::max);
        if (e.session() == before) {
          lastOldStart.accumulateAndGet(start, Math::max);
          lastOldEnd.accumulateAndGet(end, Math::max);
        } else {
          firstNewEnd.accumulateAndGet(end, Math::min);
          afterNew++;
        }
      }
    };
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      futures.add(pool.submit(watch));
    }
    if (revoker) {
      futures.add(pool.submit(() -> {
        while (reads.get() < 3_000) {
          Thread.onSpinWait();
        }
        long start = System.nanoTime();
        long epoch = state.revocations().revokeSession(SESSION);
        long end = System.nanoTime();
        result("revokeStart", start);
        result("revokeEnd", end);
        result("revokeEpoch", epoch);
      }));
    }
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    result("lastOldStart", lastOldStart.get());
    result("lastOldEnd", lastOldEnd.get());
    result("firstNewEnd", firstNewEnd.get());
    result("maxReadNanos", maxRead.get());
    result("reads", reads.get());
  }

  private static void run(Runnable work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      futures.add(pool.submit(work));
    }
    for (Future<?> f : futures) {
      f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();
  }

  private static synchronized void result(String name, long value) {
    System.out.println("RESULT " + name + " " + value);
  }
}
