package io.ape.audit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.AuditException;
import io.ape.api.Outcome;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops (as in a crash) while 8 threads record: record() throws (the engine denies,
 * the tool does not run), nothing is reported durable that is not, and after PostgreSQL is back
 * the same sink records again (no restart) and the chain verifies with no gap.
 */
class PostgresStoppedTest {
  @Test
  void theSinkFailsClosedWhileDownAndTheChainHasNoGapAfterTheRestart() throws Exception {
    try (PostgresProcess pg = PostgresProcess.launch()) {
      String url = pg.url();
      Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
      AtomicLong sequence = new AtomicLong();
      AtomicInteger failures = new AtomicInteger();
      AtomicInteger longestMessage = new AtomicInteger();
      AtomicInteger messagesWithStatement = new AtomicInteger();
      AtomicBoolean down = new AtomicBoolean();
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch someWritten = new CountDownLatch(100);
      CountDownLatch someFailed = new CountDownLatch(50);
      CountDownLatch someWrittenAfter = new CountDownLatch(100);
      boolean[] recoveredPhase = {false};
      try (JdbcAuditSink sink = JdbcAuditSink.builder(url).user("ape").writerId("w-crash")
          .writeTimeout(Duration.ofSeconds(3)).connectTimeout(Duration.ofSeconds(1)).build()) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          workers.add(pool.submit(() -> {
            while (!stop.get()) {
              long seq = sequence.incrementAndGet();
              try {
                sink.record(TestEvents.decision(seq, "s", Outcome.ALLOW));
                acknowledged.add(seq);
                someWritten.countDown();
                synchronized (recoveredPhase) {
                  if (recoveredPhase[0]) {
                    someWrittenAfter.countDown();
                  }
                }
              } catch (AuditException e) {
                failures.incrementAndGet();
                longestMessage.accumulateAndGet(e.getMessage().length(), Math::max);
                if (e.getMessage().contains("INSERT INTO")) {
                  messagesWithStatement.incrementAndGet();
                }
                if (down.get()) {
                  someFailed.countDown();
                }
              }
            }
          }));
        }
        assertThat(someWritten.await(60, TimeUnit.SECONDS)).isTrue();
        down.set(true);
        pg.crash();
        assertThat(someFailed.await(60, TimeUnit.SECONDS)).isTrue();
        pg.start();
        down.set(false);
        synchronized (recoveredPhase) {
          recoveredPhase[0] = true;
        }
        assertThat(someWrittenAfter.await(60, TimeUnit.SECONDS)).as("the sink recovers").isTrue();
        stop.set(true);
        for (Future<?> f : workers) {
          f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
      }
      // every acknowledged record is in the table (durable before record() returned)
      Set<Long> stored = new HashSet<>();
      try (Connection c = TestPostgres.connect(url, "ape"); Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT sequence FROM ape_audit_record")) {
        while (r.next()) {
          stored.add(r.getLong(1));
        }
      }
      assertThat(stored).containsAll(acknowledged);
      assertThat(failures.get()).isPositive();
      // a failed batch says why in a few words: never the statement with every record's bytes
      assertThat(messagesWithStatement.get()).isZero();
      assertThat(longestMessage.get()).isLessThan(1_000);
      JdbcVerificationResult result = JdbcAuditVerifier.builder(url).user("ape").build()
          .verify();
      assertThat(result.passed()).as(result.toText()).isTrue();
      assertThat(result.chains().get(0).records()).isEqualTo(stored.size());
      System.out.printf("acknowledged %d, stored %d (in doubt %d), failed %d%n",
          acknowledged.size(), stored.size(), stored.size() - acknowledged.size(),
          failures.get());
    }
  }
}
