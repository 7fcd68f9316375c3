package io.ape.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.AuditException;
import io.ape.spi.AuditSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link AuditSink}, as its Javadoc states it, for every implementation to
 * pass. Extend it and supply a new sink per call:
 *
 * <pre>{@code
 * class KafkaAuditSinkContractTest extends AuditSinkContract
 *     implements AuditSinkContract.ReadBack, AuditSinkContract.Failure {
 *   @Override public AuditSink newSink() { ... }
 *   @Override public List<AuditEvent> readBack(AuditSink sink) { ... }   // what it stored
 *   @Override public void failWrites(AuditSink sink) { ... }              // e.g. stop the broker
 * }
 * }</pre>
 *
 * <p>Events reach the sink as the engine's audit dispatcher sends them: stamped with gapless
 * sequence numbers 1, 2, 3, … (see {@link SampleEvents}), possibly from many threads at once.
 * What is checked here: every event type and every value an attacker controls is recorded
 * without error; a {@code null} event is refused and leaves the sink usable; 32 threads may
 * record at once; {@code flush} and {@code close} never fail on a healthy sink, {@code close}
 * is idempotent; and every failure a sink reports is an {@link AuditException} (so the engine
 * fails the call closed), never another exception type.
 *
 * <p>Two optional capabilities add tests: {@link ReadBack} (the sink's events can be read back:
 * nothing recorded is lost, reordered or altered, and nothing is silently dropped after
 * {@code close}) and {@link Failure} (the test can break the sink's storage: the sink must then
 * throw {@link AuditException} rather than swallow the event).
 *
 * @since 0.2.0
 */
public abstract class AuditSinkContract {
  /** The number of threads of the concurrent tests. */
  protected static final int THREADS = 32;

  /**
   * A new, empty sink (a fresh file, table, logger… per call). The tests close every sink they
   * create.
   */
  public abstract AuditSink newSink();

  @Test
  void recordsAnEventOfEveryType() {
    try (AuditSink sink = create(this)) {
      long seq = 0;
      for (AuditEventType type : AuditEventType.values()) {
        AuditEvent e = SampleEvents.minimal(type, ++seq);
        assertDoesNotThrow(() -> sink.record(e), "recording a minimal " + type + " event");
      }
      AuditEvent full = SampleEvents.decision(++seq);
      assertDoesNotThrow(() -> sink.record(full), "recording an event with every field set");
      assertDoesNotThrow(sink::flush, "flush on a healthy sink");
    }
  }

  @Test
  void recordsWhatAnAttackerControls() {
    try (AuditSink sink = create(this)) {
      AuditEvent hostile = SampleEvents.hostile(1);
      assertDoesNotThrow(() -> sink.record(hostile),
          "quotes, line breaks, escapes and non-BMP characters in every text field");
      AuditEvent nul = SampleEvents.withNul(2);
      assertDoesNotThrow(() -> sink.record(nul), "NUL and control characters");
      assertDoesNotThrow(sink::flush);
    }
  }

  @Test
  void refusesNullAndStaysUsable() {
    try (AuditSink sink = create(this)) {
      assertThrows(RuntimeException.class, () -> sink.record(null),
          "a null event must be refused, not silently accepted");
      assertDoesNotThrow(() -> sink.record(SampleEvents.decision(1)),
          "the sink must stay usable after refusing null");
    }
  }

  @Test
  void thirtyTwoThreadsRecordAtOnce() {
    try (AuditSink sink = create(this)) {
      recordConcurrently(sink, 20);
      assertDoesNotThrow(sink::flush);
    }
  }

  @Test
  void closeIsIdempotentAndNeverThrows() {
    AuditSink sink = create(this);
    sink.record(SampleEvents.decision(1));
    assertDoesNotThrow(sink::close, "close");
    assertDoesNotThrow(sink::close, "a second close");
  }

  @Test
  void afterCloseEveryFailureIsAnAuditException() {
    AuditSink sink = create(this);
    sink.record(SampleEvents.decision(1));
    sink.close();
    try {
      sink.record(SampleEvents.decision(2));
    } catch (RuntimeException e) {
      assertInstanceOf(AuditException.class, e,
          "a sink that cannot record after close must say so with AuditException, got " + e);
    }
  }

  // ------------------------------------------------------------------------ capabilities

  /**
   * Capability: the events a sink stored can be read back. Adds tests that nothing recorded is
   * lost, reordered or altered, also under concurrency, and that an event recorded after
   * {@code close} is either refused with {@link AuditException} or stored.
   */
  public interface ReadBack {
    /** A new, empty sink (implemented by the {@link AuditSinkContract} subclass). */
    AuditSink newSink();

    /**
     * The events {@code sink} stored, in any order (the tests compare them by sequence number:
     * a sink may store in arrival order). Called after {@code sink} was closed.
     * Fields a sink does not keep (the parameters, the details) may be left empty: the tests
     * compare sequence, type, tenant, session, action, tool, decision, reason, rule and policy
     * version.
     */
    List<AuditEvent> readBack(AuditSink sink);

    @Test
    default void everyRecordedEventIsReadBackUnaltered() {
      AuditSink sink = create(this);
      List<AuditEvent> sent = new ArrayList<>();
      long seq = 0;
      for (AuditEventType type : AuditEventType.values()) {
        sent.add(SampleEvents.minimal(type, ++seq));
      }
      for (int i = 0; i < 20; i++) {
        sent.add(SampleEvents.decision(++seq));
      }
      sent.add(SampleEvents.hostile(++seq));
      for (AuditEvent e : sent) {
        sink.record(e);
      }
      sink.close();
      assertSameEvents(sent, readBack(sink));
    }

    @Test
    default void nothingRecordedConcurrentlyIsLost() {
      AuditSink sink = create(this);
      List<AuditEvent> sent = recordConcurrently(sink, 20);
      sink.close();
      sent.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
      assertSameEvents(sent, readBack(sink));
    }

    @Test
    default void anEventRecordedAfterCloseIsRefusedOrStored() {
      AuditSink sink = create(this);
      AuditEvent first = SampleEvents.decision(1);
      AuditEvent late = SampleEvents.decision(2);
      sink.record(first);
      sink.close();
      boolean refused = false;
      try {
        sink.record(late);
      } catch (AuditException e) {
        refused = true;
      }
      List<AuditEvent> stored = readBack(sink);
      if (refused) {
        assertSameEvents(List.of(first), stored);
      } else {
        assertSameEvents(List.of(first, late), stored);
      }
    }
  }

  /**
   * Capability: the test can make the sink's storage fail (a full disk, an unreachable
   * database, a logger switched off). Adds tests that the sink then throws
   * {@link AuditException} from {@code record} instead of dropping the event, and stays closable.
   */
  public interface Failure {
    /** A new, empty sink (implemented by the {@link AuditSinkContract} subclass). */
    AuditSink newSink();

    /** Makes every later write of {@code sink} fail at the storage. */
    void failWrites(AuditSink sink);

    @Test
    default void aWriteThatFailsThrowsAuditException() {
      AuditSink sink = create(this);
      try {
        sink.record(SampleEvents.decision(1));
        failWrites(sink);
        RuntimeException e = assertThrows(RuntimeException.class,
            () -> sink.record(SampleEvents.decision(2)),
            "an event the storage did not take must not be reported as recorded");
        assertInstanceOf(AuditException.class, e, "the failure must be an AuditException");
        try {
          sink.flush();
        } catch (RuntimeException f) {
          assertInstanceOf(AuditException.class, f, "flush may fail, but only with AuditException");
        }
      } finally {
        assertDoesNotThrow(sink::close, "close after a failure");
      }
    }

    @Test
    default void concurrentWritersAllSeeTheFailure() {
      AuditSink sink = create(this);
      try {
        sink.record(SampleEvents.decision(1));
        failWrites(sink);
        AtomicLong seq = new AtomicLong(1);
        List<Concurrently.Result<Void>> results = Concurrently.run(THREADS, i -> () -> {
          sink.record(SampleEvents.decision(seq.incrementAndGet()));
          return null;
        });
        for (Concurrently.Result<Void> r : results) {
          if (r.succeeded()) {
            fail("a record() returned normally although the storage fails");
          }
          assertInstanceOf(AuditException.class, r.error(),
              "every failure must be an AuditException, got " + r.error());
        }
      } finally {
        assertDoesNotThrow(sink::close, "close after a failure");
      }
    }
  }

  // ------------------------------------------------------------------------------ helpers

  private static AuditSink create(Object test) {
    AuditSink sink = test instanceof ReadBack r ? r.newSink()
        : test instanceof Failure f ? f.newSink() : ((AuditSinkContract) test).newSink();
    assertNotNull(sink, "newSink returned null");
    return sink;
  }

  /** Records {@code perThread} events from each of 32 threads, sequences drawn as recorded. */
  private static List<AuditEvent> recordConcurrently(AuditSink sink, int perThread) {
    AtomicLong seq = new AtomicLong();
    List<Concurrently.Result<List<AuditEvent>>> results = Concurrently.run(THREADS, i -> () -> {
      List<AuditEvent> mine = new ArrayList<>();
      for (int k = 0; k < perThread; k++) {
        AuditEvent e = SampleEvents.decision(seq.incrementAndGet());
        sink.record(e);
        mine.add(e);
      }
      return mine;
    });
    List<AuditEvent> all = new ArrayList<>();
    for (Concurrently.Result<List<AuditEvent>> r : results) {
      if (!r.succeeded()) {
        fail("a concurrent record() failed", r.error());
      }
      all.addAll(r.value());
    }
    return all;
  }

  private static void assertSameEvents(List<AuditEvent> expected, List<AuditEvent> stored) {
    assertNotNull(stored, "readBack returned null");
    List<AuditEvent> actual = new ArrayList<>(stored);
    actual.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
    assertEquals(expected.size(), actual.size(), "the number of events read back");
    for (int i = 0; i < expected.size(); i++) {
      AuditEvent e = expected.get(i);
      AuditEvent a = actual.get(i);
      String at = "event " + (i + 1) + " (sequence " + e.sequence() + ")";
      assertEquals(e.sequence(), a.sequence(), at + ": sequence");
      assertEquals(e.type(), a.type(), at + ": type");
      assertEquals(e.tenantId(), a.tenantId(), at + ": tenant");
      assertEquals(e.sessionId(), a.sessionId(), at + ": session");
      assertEquals(e.actionId(), a.actionId(), at + ": action");
      assertEquals(e.toolId(), a.toolId(), at + ": tool");
      assertEquals(e.decision(), a.decision(), at + ": decision");
      assertEquals(e.reason(), a.reason(), at + ": reason");
      assertEquals(e.ruleId(), a.ruleId(), at + ": rule");
      assertEquals(e.policyVersion(), a.policyVersion(), at + ": policy version");
      Objects.requireNonNull(a.timestamp(), at + ": timestamp");
    }
  }
}
