package io.ape.instances;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.AuditException;
import io.ape.api.CallStatus;
import io.ape.api.GuardedCallResult;
import io.ape.cli.ApeCommand;
import io.ape.cli.CliContext;
import io.ape.cli.CliEnvironment;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine with {@code ape.audit.sinks=jdbc} while its PostgreSQL (a server of the test's own)
 * is stopped under 8 calling threads: no tool runs while the audit record cannot be made
 * durable (the guarded call fails closed with {@link AuditException}), the same engine records
 * and runs tools again after the restart, and {@code ape audit verify --jdbc} finds the chain
 * intact, with no gap. Needs {@code APETEST_PG_BIN} ({@code scripts/test-servers.sh start}).
 */
class PostgresStoppedUnderEngineTest {
  private static final int THREADS = 8;
  private static final int UP = 0;
  private static final int DOWN = 1;
  private static final int RESTARTING = 2;
  private static final int UP_AGAIN = 3;

  @TempDir
  Path dir;

  private final AtomicInteger phase = new AtomicInteger(UP);
  private final ThreadLocal<int[]> toolPhase = ThreadLocal.withInitial(() -> new int[] {-1});
  private final AtomicInteger toolRuns = new AtomicInteger();
  private final AtomicInteger toolRunsDuringOutage = new AtomicInteger();
  private final AtomicInteger downCalls = new AtomicInteger();
  private final AtomicInteger downViolations = new AtomicInteger();
  private final AtomicReference<String> violation = new AtomicReference<>("");
  private final AtomicInteger executedAfter = new AtomicInteger();
  private final CountDownLatch someRan = new CountDownLatch(50);
  private final CountDownLatch someRefused = new CountDownLatch(30);
  private final CountDownLatch someRanAfter = new CountDownLatch(50);

  @Test
  void noToolRunsWhilePostgresIsDownAndAfterTheRestartTheChainVerifiesWithNoGap()
      throws Exception {
    try (PostgresServer pg = PostgresServer.launch()) {
      Path policy = Files.writeString(dir.resolve("p.yaml"), """
          name: audited
          version: "1"
          default_decision: deny
          allowed_actions: [read_file]
          """);
      try (ApeEngine engine = ApeEngine.builder().policyFile(policy).configuration(Map.of(
          "ape.audit.sinks", "jdbc",
          "ape.audit.jdbc.url", pg.url(),
          "ape.audit.jdbc.user", "ape",
          "ape.audit.jdbc.writer-id", "engine-it",
          "ape.audit.jdbc.write-timeout", "3s",
          "ape.audit.jdbc.connect-timeout", "1s")).build()) {
        engine.registerTool("read_file", p -> {
          toolPhase.get()[0] = phase.get();
          return toolRuns.incrementAndGet();
        });
        List<AgentSession> sessions = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          sessions.add(engine.openSession(SessionOptions.forUser("user-" + t)));
        }
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
          List<Future<?>> workers = new ArrayList<>();
          for (AgentSession s : sessions) {
            workers.add(pool.submit(() -> {
              while (!stop.get()) {
                call(s);
              }
            }));
          }
          assertThat(someRan.await(60, TimeUnit.SECONDS)).isTrue();
          pg.stop();
          phase.set(DOWN);
          assertThat(someRefused.await(60, TimeUnit.SECONDS)).isTrue();
          phase.set(RESTARTING);
          pg.start();
          phase.set(UP_AGAIN);
          assertThat(someRanAfter.await(60, TimeUnit.SECONDS)).as("the engine recovers")
              .isTrue();
          stop.set(true);
          for (Future<?> f : workers) {
            f.get(60, TimeUnit.SECONDS);
          }
        } finally {
          stop.set(true);
          pool.shutdownNow();
        }
        for (AgentSession s : sessions) {
          s.close();
        }
      }

      assertThat(downCalls.get()).isPositive();
      assertThat(downViolations.get()).as("%s", violation.get()).isZero();
      assertThat(toolRunsDuringOutage.get()).isZero();
      assertThat(executedAfter.get()).isPositive();
      // every tool run was preceded by its durable grant record
      long grants = count(pg.url(), "SELECT count(*) FROM ape_audit_record_json WHERE "
          + "record->>'type' = 'DECISION' AND record->'details'->>'token' = 'issued,consumed'");
      assertThat(grants).isGreaterThanOrEqualTo(toolRuns.get());
      long rows = count(pg.url(), "SELECT count(*) FROM ape_audit_record");
      long maxNo = count(pg.url(), "SELECT max(record_no) FROM ape_audit_record");
      assertThat(maxNo).as("record numbers 1..n without gap").isEqualTo(rows);

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit = ApeCommand.run(new String[] {"audit", "verify", "--jdbc", pg.url(),
          "--jdbc-user", "ape"}, CliContext.withEnvironment(new CliEnvironment(Map.of(), false)),
          new PrintWriter(out), new PrintWriter(err));
      assertThat(exit).as("ape audit verify --jdbc: %s %s", out, err).isZero();
      assertThat(out.toString()).contains("engine-it");
      System.out.printf("postgres stopped: %d calls while it was down, all FAILED with "
          + "AuditException, no tool ran; %d tool runs in all, %d durable grant records, %d "
          + "records, chain verified: %s%n", downCalls.get(), toolRuns.get(), grants, rows,
          out.toString().strip().replace('\n', ' '));
    }
  }

  private void call(AgentSession session) {
    int start = phase.get();
    toolPhase.get()[0] = -1;
    GuardedCallResult r = session.call("read_file", Map.of("path", "/w/a"));
    int end = phase.get();
    int ranIn = toolPhase.get()[0];
    if (r.executed()) {
      someRan.countDown();
      if (start == UP_AGAIN) {
        executedAfter.incrementAndGet();
        someRanAfter.countDown();
      }
    }
    if (start == DOWN && ranIn == DOWN) {
      toolRunsDuringOutage.incrementAndGet();
    }
    if (start == DOWN && end == DOWN) {
      downCalls.incrementAndGet();
      someRefused.countDown();
      if (r.status() != CallStatus.FAILED || !(r.error() instanceof AuditException)
          || ranIn >= 0 || r.error().getMessage().length() > 1_000) {
        downViolations.incrementAndGet();
        violation.compareAndSet("", r.status() + " " + r.error() + " tool ran: " + (ranIn >= 0));
      }
    }
  }

  private static long count(String url, String sql) throws Exception {
    Properties p = new Properties();
    p.setProperty("user", "ape");
    try (Connection c = DriverManager.getConnection(url, p); Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
