package io.ape.audit;

import static io.ape.audit.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.AuditEventType;
import io.ape.api.AuditException;
import io.ape.audit.internal.FileChannelOpener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Disk full, failing fsync, slow disks: the sink fails closed and applies back-pressure. */
@Timeout(60)
class SinkFailureTest {
  @TempDir Path dir;
  private final FaultyChannel.Faults faults = new FaultyChannel.Faults();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() throws InterruptedException {
    CountDownLatch gate = faults.forceGate;
    if (gate != null) {
      gate.countDown();
    }
    pool.shutdownNow();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  private Path log() {
    return dir.resolve("audit.jsonl");
  }

  private JsonlAuditSink.Builder faulty() {
    FileChannelOpener real = FileChannelOpener.defaults();
    return JsonlAuditSink.builder(log())
        .channelOpener((p, o) -> new FaultyChannel(real.open(p, o), faults));
  }

  @Test
  void aFullDiskMakesRecordThrowAndTheSinkStaysFailed() {
    faults.writeBudget.set(1000);
    try (JsonlAuditSink sink = faulty().durability(Durability.PER_RECORD).build()) {
      sink.record(event(1));
      assertThatThrownBy(() -> {
        for (long s = 2; s < 10; s++) {
          sink.record(event(s));
        }
      }).isInstanceOf(AuditException.class).hasMessageContaining("No space left on device");
      assertThat(sink.isFailed()).isTrue();
      faults.writeBudget.set(Long.MAX_VALUE);
      assertThatThrownBy(() -> sink.record(event(20)))
          .isInstanceOf(AuditException.class).hasMessageContaining("earlier failure");
      assertThatThrownBy(sink::flush).isInstanceOf(AuditException.class);
    }
    // The partial write is a torn tail: reported, and the chain before it is intact.
    VerificationResult r = AuditVerifier.withoutKey().verify(JsonlAuditSink.files(log()));
    assertThat(r.status()).isEqualTo(VerificationResult.Status.INTACT_WITH_TORN_TAIL);
    try (JsonlAuditSink sink = JsonlAuditSink.builder(log()).build()) {
      assertThat(sink.recovery().tornTail()).isPresent();
      sink.record(event(1));
    }
    assertThat(AuditVerifier.withoutKey().verify(JsonlAuditSink.files(log())).status())
        .isEqualTo(VerificationResult.Status.INTACT);
  }

  @Test
  void aFailingFsyncMakesRecordThrow() {
    faults.failForce = true;
    try (JsonlAuditSink sink = faulty().build()) {
      assertThatThrownBy(() -> sink.record(event(1)))
          .isInstanceOf(AuditException.class).hasMessageContaining("fsync");
      assertThatThrownBy(() -> sink.record(event(2))).isInstanceOf(AuditException.class);
    }
  }

  @Test
  void groupCommitCallersReturnOnlyAfterTheirBatchIsForced() throws Exception {
    faults.forceGate = new CountDownLatch(1);
    try (JsonlAuditSink sink = faulty().durability(Durability.GROUP_COMMIT).build()) {
      CountDownLatch firstReturned = new CountDownLatch(1);
      Future<Integer> first = pool.submit(() -> {
        sink.record(event(1));
        firstReturned.countDown();
        return faults.forcesCompleted.get();
      });
      assertThat(faults.forceEntered.await(30, TimeUnit.SECONDS)).isTrue();
      // The first batch is being forced: its caller must still be waiting.
      assertThat(firstReturned.getCount()).isEqualTo(1);
      List<Future<Integer>> others = new ArrayList<>();
      for (long s = 2; s <= 10; s++) {
        long seq = s;
        others.add(pool.submit(() -> {
          sink.record(event(seq));
          return faults.forcesCompleted.get();
        }));
      }
      while (sink.queuedRecords() < 9) {
        Thread.onSpinWait();
      }
      assertThat(firstReturned.getCount()).isEqualTo(1);
      faults.forceGate.countDown();
      assertThat(first.get(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(1);
      for (Future<Integer> f : others) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(2);
      }
    }
    // One force for the first record, one for the nine that queued up behind it.
    assertThat(faults.forcesStarted.get()).isEqualTo(2);
    assertThat(AuditVerifier.withoutKey().verify(JsonlAuditSink.files(log())).records())
        .isEqualTo(10);
  }

  @Test
  void perRecordForcesEveryRecordBeforeReturning() {
    try (JsonlAuditSink sink = faulty().durability(Durability.PER_RECORD).build()) {
      for (int s = 1; s <= 10; s++) {
        sink.record(event(s));
        assertThat(faults.forcesCompleted.get()).isEqualTo(s);
      }
    }
  }

  @Test
  void aSlowDiskAppliesBackPressureInsteadOfGrowingTheQueue() throws Exception {
    faults.forceGate = new CountDownLatch(1);
    try (JsonlAuditSink sink = faulty().queueCapacity(2).build()) {
      List<Future<?>> calls = new ArrayList<>();
      calls.add(pool.submit(() -> sink.record(event(1))));
      assertThat(faults.forceEntered.await(30, TimeUnit.SECONDS)).isTrue();
      calls.add(pool.submit(() -> sink.record(event(2))));
      calls.add(pool.submit(() -> sink.record(event(3))));
      while (sink.queuedRecords() < 2) {
        Thread.onSpinWait();
      }
      CountDownLatch fourthQueued = new CountDownLatch(1);
      Thread fourth = new Thread(() -> {
        sink.record(event(4));
        fourthQueued.countDown();
      });
      fourth.start();
      while (fourth.getState() != Thread.State.TIMED_WAITING) {
        Thread.onSpinWait();
      }
      // The fourth caller waits for room: the queue holds no more than its capacity.
      assertThat(sink.queuedRecords()).isEqualTo(2);
      assertThat(fourthQueued.getCount()).isEqualTo(1);
      faults.forceGate.countDown();
      for (Future<?> f : calls) {
        f.get(30, TimeUnit.SECONDS);
      }
      fourth.join(30_000);
      assertThat(fourthQueued.getCount()).isZero();
    }
    assertThat(AuditVerifier.withoutKey().verify(JsonlAuditSink.files(log())).records())
        .isEqualTo(4);
  }

  @Test
  void recordsNobodyWaitsForReturnAtOnceAndAreDurableWithTheNextWaitedRecord() throws Exception {
    faults.forceGate = new CountDownLatch(1);
    try (JsonlAuditSink sink = faulty()
        .waitFor(EnumSet.of(AuditEventType.TOOL_EXECUTION_STARTED)).build()) {
      // A DECISION is not waited for: it returns although its batch is still being forced.
      sink.record(event(1));
      assertThat(faults.forceEntered.await(30, TimeUnit.SECONDS)).isTrue();
      sink.record(event(2));
      Future<Integer> start = pool.submit(() -> {
        sink.record(TestEvents.toolStart(3, "r", 1));
        return faults.forcesCompleted.get();
      });
      while (sink.queuedRecords() < 2) {
        Thread.onSpinWait();
      }
      assertThat(start.isDone()).isFalse();
      faults.forceGate.countDown();
      // The start record returns only after a force that covers it and everything before it.
      assertThat(start.get(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(2);
      assertThat(AuditReader.withDefaults().read(List.of(log()), AuditQuery.all()).records())
          .extracting(AuditRecord::recordNo).containsExactly(1L, 2L, 3L);
    }
  }

  @Test
  void recordsNobodyWaitsForAreForcedEvenIfNoWaitedRecordFollows() {
    try (JsonlAuditSink sink = faulty().waitFor(EnumSet.of(AuditEventType.TOOL_EXECUTION_STARTED))
        .deferredSyncDelay(Duration.ofMillis(1)).build()) {
      sink.record(event(1));
      sink.record(event(2));
      while (sink.head().recordNo() < 2) {
        Thread.onSpinWait();
      }
      assertThat(faults.forcesCompleted.get()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void flushForcesRecordsNobodyWaitedFor() {
    try (JsonlAuditSink sink = faulty().waitFor(EnumSet.of(AuditEventType.TOOL_EXECUTION_STARTED))
        .deferredSyncDelay(Duration.ofSeconds(10)).build()) {
      sink.record(event(1));
      sink.record(event(2));
      sink.flush();
      assertThat(sink.head().recordNo()).isEqualTo(2);
      assertThat(faults.forcesCompleted.get()).isEqualTo(1);
    }
  }

  @Test
  void aFailedRecordNobodyWaitedForFailsTheNextWaitedRecord() {
    faults.failForce = true;
    try (JsonlAuditSink sink = faulty()
        .waitFor(EnumSet.of(AuditEventType.TOOL_EXECUTION_STARTED)).build()) {
      sink.record(event(1));
      assertThatThrownBy(() -> sink.record(TestEvents.toolStart(2, "r", 1)))
          .isInstanceOf(AuditException.class);
      assertThat(sink.isFailed()).isTrue();
    }
  }

  @Test
  void aStuckDiskTimesOutAndFailsTheSink() {
    faults.forceGate = new CountDownLatch(1);
    try (JsonlAuditSink sink = faulty().writeTimeout(Duration.ofMillis(200)).build()) {
      assertThatThrownBy(() -> sink.record(event(1)))
          .isInstanceOf(AuditException.class).hasMessageContaining("timed out");
      assertThat(sink.isFailed()).isTrue();
      assertThatThrownBy(() -> sink.record(event(2))).isInstanceOf(AuditException.class);
      faults.forceGate.countDown();
    }
  }
}
