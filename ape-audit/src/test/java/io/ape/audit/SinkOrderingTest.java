package io.ape.audit;

import static io.ape.audit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.AuditException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Concurrent callers, out-of-order delivery, lost and duplicated sequence numbers. */
@Timeout(60)
class SinkOrderingTest {
  @TempDir Path dir;

  private Path log() {
    return dir.resolve("audit.jsonl");
  }

  @ParameterizedTest
  @CsvSource({"GROUP_COMMIT, 8, 200", "PER_RECORD, 4, 20"})
  void manyThreadsKeepTheChainValidAndSequencesGapless(Durability mode, int threads,
      int perThread) throws Exception {
    AtomicLong sequence = new AtomicLong();
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).durability(mode)
        .maxFileBytes(64 * 1024).build()) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            // Stamped without a lock, as a lock-free dispatcher would: callers may arrive at
            // the sink out of sequence order.
            sink.record(event(sequence.incrementAndGet()));
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<Path> files = JsonlAuditSink.files(log());
    VerificationResult r = AuditVerifier.withoutKey().verify(files);
    assertThat(r.status()).isEqualTo(VerificationResult.Status.INTACT);
    long total = (long) threads * perThread;
    assertThat(r.records()).isEqualTo(total);
    List<AuditRecord> records = AuditReader.withDefaults().read(files, AuditQuery.all())
        .records();
    for (int i = 0; i < records.size(); i++) {
      assertThat(records.get(i).recordNo()).isEqualTo(i + 1);
      assertThat(records.get(i).event().sequence()).isEqualTo(i + 1);
    }
  }

  @Test
  void theSecondEventOfAFreshDispatcherArrivingFirstWaitsForTheFirst() throws Exception {
    // Two threads' first events race from the dispatcher: sequence 2 may reach a new sink
    // before sequence 1. The sink knows the dispatcher starts at 1, so it holds 2.
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).build()) {
      Thread second = new Thread(() -> sink.record(event(2)));
      second.start();
      while (second.getState() != Thread.State.TIMED_WAITING) {
        Thread.onSpinWait();
      }
      sink.record(event(1));
      second.join(30_000);
      assertThat(second.isAlive()).isFalse();
      assertThat(sink.isFailed()).isFalse();
    }
    List<AuditRecord> records = AuditReader.withDefaults()
        .read(List.of(log()), AuditQuery.all()).records();
    assertThat(records).extracting(r -> r.event().sequence()).containsExactly(1L, 2L);
  }

  @Test
  void firstSequenceZeroStartsWhereTheFirstEventIs() {
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).firstSequence(0).build()) {
      sink.record(event(7));
      sink.record(event(8));
    }
    assertThat(AuditVerifier.withoutKey().verify(List.of(log())).passed()).isTrue();
  }

  @Test
  void aRecordThatOvertakesItsPredecessorWaitsForIt() throws Exception {
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).build()) {
      sink.record(event(1));
      Thread third = new Thread(() -> sink.record(event(3)));
      third.start();
      while (third.getState() != Thread.State.TIMED_WAITING) {
        Thread.onSpinWait();
      }
      sink.record(event(2));
      third.join(30_000);
      assertThat(third.isAlive()).isFalse();
      assertThat(sink.isFailed()).isFalse();
    }
    List<AuditRecord> records = AuditReader.withDefaults()
        .read(List.of(log()), AuditQuery.all()).records();
    assertThat(records).extracting(r -> r.event().sequence()).containsExactly(1L, 2L, 3L);
  }

  @Test
  void aSequenceThatNeverArrivesFailsTheSinkAfterTheOrderingTimeout() {
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log())
        .orderingTimeout(Duration.ofMillis(100)).build()) {
      sink.record(event(1));
      assertThatThrownBy(() -> sink.record(event(3)))
          .isInstanceOf(AuditException.class)
          .hasMessageContaining("sequence 2 never reached");
      assertThat(sink.isFailed()).isTrue();
    }
    assertThat(LogFiles.lines(log())).hasSize(1);
  }

  @Test
  void aDuplicateSequenceIsRejectedAndTheChainGoesOn() {
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).build()) {
      sink.record(event(1));
      sink.record(event(2));
      assertThatThrownBy(() -> sink.record(event(2)))
          .isInstanceOf(AuditException.class).hasMessageContaining("duplicate or out of order");
      sink.record(event(3));
      assertThat(sink.isFailed()).isFalse();
    }
    assertThat(AuditVerifier.withoutKey().verify(List.of(log())).records()).isEqualTo(3);
  }
}
