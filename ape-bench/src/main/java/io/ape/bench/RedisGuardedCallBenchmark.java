package io.ape.bench;

import io.ape.api.GuardedCallResult;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * The guarded call ({@code AgentSession.call} of an {@link ApeEngine}) with its state on a real
 * Redis ({@code ape.state=redis}): the session's record, the revocation epochs, the limits
 * (global, per-action and per-session windows and the session's risk budget, all large enough
 * never to refuse) and the epochs again at the gate, with 1 and 64 callers (a session each) on
 * one engine. Audit: the engine's in-memory sink only. Needs {@code APETEST_REDIS_URI}
 * (scripts/test-servers.sh).
 *
 * <p>Run: {@code java -jar ape-bench/target/benchmarks.jar RedisGuardedCall -f 1 -wi 3 -i 5}.
 */
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedisGuardedCallBenchmark {
  static final String POLICY = """
      name: bench-redis
      version: "1"
      default_decision: deny
      allowed_actions: [read_file]
      rate_limits:
        global_per_minute: 1000000000
        per_session_per_minute: 1000000000
        max_cumulative_risk: 1000000000
        actions: { read_file: { per_hour: 1000000000 } }
      """;

  /** One engine on Redis, shared by every caller (as in an application). */
  @State(Scope.Benchmark)
  public static class Engine {
    ApeEngine engine;
    Path policy;

    @Setup(Level.Trial)
    public void start() throws IOException {
      policy = Files.createTempFile("bench-redis", ".yaml");
      Files.writeString(policy, POLICY);
      engine = ApeEngine.builder().policyFile(policy).configuration(Map.of(
          "ape.state", "redis",
          "ape.redis.uri", SharedStateServers.redisUri(),
          "ape.redis.prefix", "bench-" + UUID.randomUUID().toString().substring(0, 8),
          "ape.redis.timeout", "5s")).build();
      engine.registerTool("read_file", p -> p.get("path"));
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
      if (engine != null) {
        engine.close();
      }
      Files.deleteIfExists(policy);
    }
  }

  /** A caller: a session of its own, renewed every {@value #SESSION_CALLS} calls. */
  @State(Scope.Thread)
  public static class Caller {
    static final int SESSION_CALLS = 5_000;
    ApeEngine engine;
    AgentSession session;
    int calls;
    final Map<String, Object> arguments = Map.of("path", "/workspace/notes.txt");

    @Setup(Level.Trial)
    public void open(Engine shared) {
      engine = shared.engine;
      session = engine.openSession(SessionOptions.forUser("bench"));
    }

    GuardedCallResult call() {
      if (++calls == SESSION_CALLS) {
        session.close();
        session = engine.openSession(SessionOptions.forUser("bench"));
        calls = 0;
      }
      GuardedCallResult r = session.call("read_file", arguments);
      if (!r.executed()) {
        throw new IllegalStateException("the benchmark call did not execute: " + r.error());
      }
      return r;
    }

    @TearDown(Level.Trial)
    public void close() {
      if (session != null) {
        session.close();
      }
    }
  }

  @Benchmark
  @Threads(1)
  public GuardedCallResult call1Caller(Caller caller) {
    return caller.call();
  }

  @Benchmark
  @Threads(64)
  public GuardedCallResult call64Callers(Caller caller) {
    return caller.call();
  }
}
