package io.ape.bench;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.Outcome;
import io.ape.audit.jdbc.JdbcAuditSink;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * The JDBC audit sink (ape-audit-jdbc) against a real PostgreSQL: records per second, each
 * {@code record()} returning only after its commit, with 1, 16 and 64 callers sharing group
 * commits. Needs {@code APETEST_PG_URL} (scripts/test-servers.sh); writes into a fresh schema.
 *
 * <p>Run: {@code java -jar ape-bench/target/benchmarks.jar JdbcAuditSink -f 1 -wi 3 -i 5}.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JdbcAuditSinkBenchmark {
  /** One sink (one writer, one chain), shared by every caller as one engine shares it. */
  @State(Scope.Benchmark)
  public static class Sink {
    JdbcAuditSink sink;
    final AtomicLong sequence = new AtomicLong();

    @Setup(Level.Trial)
    public void open() throws Exception {
      String url = SharedStateServers.postgresUrl();
      String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
      Properties p = new Properties();
      p.setProperty("user", SharedStateServers.postgresUser());
      try (Connection c = DriverManager.getConnection(url, p);
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + schema);
      }
      sink = JdbcAuditSink.builder(url + (url.contains("?") ? "&" : "?") + "currentSchema="
          + schema).user(SharedStateServers.postgresUser()).writerId("bench").build();
    }

    @TearDown(Level.Trial)
    public void close() {
      if (sink != null) {
        sink.close();
      }
    }
  }

  private static void record(Sink s) {
    long seq = s.sequence.incrementAndGet();
    s.sink.record(AuditEvent.builder(AuditEventType.DECISION, Instant.now()).sequence(seq)
        .tenant("acme").session("s" + (seq & 63)).action("write_file").tool("fs_write")
        .decision(Outcome.ALLOW).reason("rule write_reports matched").rule("write_reports")
        .policyVersion("7d0c1f9a4e").parameters(Map.of("path", "/srv/reports/q2.txt"))
        .detail("stage", "issue").build());
  }

  @Benchmark
  @Threads(1)
  public void record1Caller(Sink s) {
    record(s);
  }

  @Benchmark
  @Threads(16)
  public void record16Callers(Sink s) {
    record(s);
  }

  @Benchmark
  @Threads(64)
  public void record64Callers(Sink s) {
    record(s);
  }
}
