package io.ape.bench;

import io.ape.api.GuardedCallResult;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
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
 * The guarded call of an {@link ApeEngine} with {@code ape.audit.sinks=jdbc} against a real
 * PostgreSQL: each call's grant record is committed before the tool runs and its finish record
 * after (two commits a call, each shared by every caller waiting at the time: group commit), with
 * 1, 16 and 64 callers (a session each) on one engine; the shared state is in memory. Needs
 * {@code APETEST_PG_URL} (scripts/test-servers.sh); writes into a fresh schema.
 *
 * <p>Run: {@code java -jar ape-bench/target/benchmarks.jar JdbcAuditGuardedCall -f 1 -wi 3 -i 5}.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JdbcAuditGuardedCallBenchmark {
  static final String POLICY = """
      name: bench-jdbc
      version: "1"
      default_decision: deny
      allowed_actions: [read_file]
      """;

  /** One engine auditing to PostgreSQL, shared by every caller. */
  @State(Scope.Benchmark)
  public static class Engine {
    ApeEngine engine;
    Path policy;

    @Setup(Level.Trial)
    public void start() throws Exception {
      String url = SharedStateServers.postgresUrl();
      String user = SharedStateServers.postgresUser();
      String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
      Properties p = new Properties();
      p.setProperty("user", user);
      try (Connection c = DriverManager.getConnection(url, p);
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + schema);
      }
      policy = Files.createTempFile("bench-jdbc", ".yaml");
      Files.writeString(policy, POLICY);
      engine = ApeEngine.builder().policyFile(policy).configuration(Map.of(
          "ape.audit.sinks", "jdbc",
          "ape.audit.jdbc.url", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
          "ape.audit.jdbc.user", user,
          "ape.audit.jdbc.writer-id", "bench")).build();
      engine.registerTool("read_file", a -> a.get("path"));
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
  @Threads(16)
  public GuardedCallResult call16Callers(Caller caller) {
    return caller.call();
  }

  @Benchmark
  @Threads(64)
  public GuardedCallResult call64Callers(Caller caller) {
    return caller.call();
  }
}
