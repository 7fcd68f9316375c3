package io.ape.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.RiskLevel;
import io.ape.api.SessionException;
import io.ape.api.SessionRevokedException;
import io.ape.core.testing.MutableClock;
import java.time.Instant;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

/** Recording races with revocation (WEAK-25): nothing is recorded once revoke() has returned. */
class SessionConcurrencyTest {
  private static final int THREADS = 8;
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @RepeatedTest(10)
  void nothingIsRecordedAfterRevokeReturns() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2025-01-01T10:00:00Z"));
    SessionManager sessions = SessionManager.builder().clock(clock)
        .maxActionsPerSession(Integer.MAX_VALUE).build();
    Session session = sessions.create("alice", "acme");
    CyclicBarrier start = new CyclicBarrier(THREADS + 1);
    CountDownLatch someRecorded = new CountDownLatch(THREADS);
    AtomicInteger recorded = new AtomicInteger();
    List<Future<Integer>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      futures.add(pool.submit(() -> {
        start.await();
        int mine = 0;
        boolean counted = false;
        while (true) {
          try {
            session.recordAction("write_file", RiskLevel.LOW);
            recorded.incrementAndGet();
            mine++;
            if (!counted) {
              counted = true;
              someRecorded.countDown();
            }
          } catch (SessionRevokedException revoked) {
            if (!counted) {
              someRecorded.countDown();
            }
            return mine;
          }
        }
      }));
    }
    start.await();
    someRecorded.await();
    session.revoke();
    int atRevoke = session.actionsExecuted().size();
    int total = 0;
    for (Future<Integer> f : futures) {
      total += f.get();
    }
    assertThat(session.actionsExecuted()).hasSize(atRevoke);
    assertThat(total).isEqualTo(atRevoke).isEqualTo(recorded.get());
    assertThat(session.cumulativeRisk())
        .isEqualTo(new BigDecimal("0.1").multiply(BigDecimal.valueOf(atRevoke)).doubleValue());
  }

  @RepeatedTest(5)
  void concurrentCreationNeverExceedsTheMaximumAndEveryEndIsReportedOnce() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2025-01-01T10:00:00Z"));
    AtomicInteger ended = new AtomicInteger();
    SessionManager sessions = SessionManager.builder().clock(clock).maxSessions(20)
        .listener(new SessionListener() {
          @Override
          public void sessionEnded(Session session, SessionEndReason reason) {
            ended.incrementAndGet();
          }
        }).build();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Future<List<Session>>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      futures.add(pool.submit(() -> {
        start.await();
        List<Session> mine = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          try {
            mine.add(sessions.create("u", "t"));
          } catch (SessionException full) {
            assertThat(full).hasMessageContaining("20 live sessions");
          }
        }
        return mine;
      }));
    }
    List<Session> all = new ArrayList<>();
    for (Future<List<Session>> f : futures) {
      all.addAll(f.get());
    }
    assertThat(all).hasSize(20);
    CyclicBarrier endTogether = new CyclicBarrier(THREADS);
    List<Future<?>> enders = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      enders.add(pool.submit(() -> {
        endTogether.await();
        for (Session s : all) {
          s.revoke();
          sessions.purge();
        }
        return null;
      }));
    }
    for (Future<?> f : enders) {
      f.get();
    }
    assertThat(ended.get()).isEqualTo(20);
    assertThat(sessions.activeCount()).isZero();
  }
}
