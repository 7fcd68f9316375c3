package io.ape.bench;

import io.ape.redis.RedisSharedState;
import io.ape.redis.RedisStateSettings;
import io.ape.spi.state.BudgetCharge;
import io.ape.spi.state.LimitVerdict;
import io.ape.spi.state.RevocationEpochs;
import io.ape.spi.state.WindowCharge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code LimitLedger.reserve} through a real Redis (ape-redis): one reservation as a guarded
 * call makes it — a global and a per-action window (bucketed, large limits), the session's own
 * window (exact) and the session's risk budget — in one script, one round trip; with 1 and 64
 * callers. Also the revocation read a token consume makes ({@code epochs}: one round trip).
 * Needs {@code APETEST_REDIS_URI} (scripts/test-servers.sh).
 *
 * <p>Run: {@code java -jar ape-bench/target/benchmarks.jar RedisLimitLedger -f 1 -wi 3 -i 5}.
 */
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedisLimitLedgerBenchmark {
  private static final WindowCharge GLOBAL = new WindowCharge("global", Duration.ofMinutes(1),
      1_000_000_000);
  private static final WindowCharge ACTION = new WindowCharge("action:write_file",
      Duration.ofMinutes(1), 1_000_000_000);

  /** One connection to Redis, shared by every caller (as one engine shares it). */
  @State(Scope.Benchmark)
  public static class Ledger {
    RedisSharedState state;
    final AtomicInteger sessions = new AtomicInteger();

    @Setup(Level.Trial)
    public void open() {
      state = RedisSharedState.connect(RedisStateSettings.of(SharedStateServers.redisUri())
          .withPrefix("bench-" + UUID.randomUUID().toString().substring(0, 8))
          .withTimeout(Duration.ofSeconds(5)), Clock.systemUTC());
    }

    @TearDown(Level.Trial)
    public void close() {
      if (state != null) {
        state.close();
      }
    }
  }

  /** A caller's session: its own window and budget (a fresh session every 1000 calls). */
  @State(Scope.Thread)
  public static class Caller {
    String session;
    List<WindowCharge> windows;
    List<BudgetCharge> budgets;
    int calls;

    @Setup(Level.Trial)
    public void start(Ledger ledger) {
      next(ledger);
    }

    void next(Ledger ledger) {
      session = "s" + ledger.sessions.incrementAndGet();
      windows = List.of(GLOBAL, ACTION, new WindowCharge("session:" + session,
          Duration.ofMinutes(1), 1000));
      budgets = List.of(new BudgetCharge("risk:" + session, 0.1, Double.POSITIVE_INFINITY,
          Duration.ofHours(1)));
      calls = 0;
    }
  }

  private static LimitVerdict reserve(Ledger ledger, Caller caller) {
    if (++caller.calls > 1000) {
      caller.next(ledger);
    }
    return ledger.state.limits().reserve(caller.windows, caller.budgets, Instant.now());
  }

  @Benchmark
  @Threads(1)
  public LimitVerdict reserve1Caller(Ledger ledger, Caller caller) {
    return reserve(ledger, caller);
  }

  @Benchmark
  @Threads(64)
  public LimitVerdict reserve64Callers(Ledger ledger, Caller caller) {
    return reserve(ledger, caller);
  }

  @Benchmark
  @Threads(1)
  public RevocationEpochs epochs1Caller(Ledger ledger, Caller caller) {
    return ledger.state.revocations().epochs("acme", caller.session);
  }
}
