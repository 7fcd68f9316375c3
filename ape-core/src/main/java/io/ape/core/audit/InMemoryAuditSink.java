package io.ape.core.audit;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.spi.AuditSink;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A bounded in-memory sink that keeps the most recent events, for tests and diagnostics.
 *
 * <p>Thread-safe and lock-free: an event stamped by an {@link AuditLog} is stored in the slot
 * its sequence number selects, so recording costs one array write and no shared counter. When
 * more than {@link #capacity()} events have been recorded, the oldest are overwritten. Reading
 * ({@link #events()}) scans the whole buffer and is meant for tests, not for the hot path.
 */
public final class InMemoryAuditSink implements AuditSink {
  /** The capacity used by the no-argument constructor. */
  public static final int DEFAULT_CAPACITY = 16_384;

  private final AtomicReferenceArray<AuditEvent> slots;
  private final int mask;
  private final int capacity;
  private final AtomicLong ownSequence = new AtomicLong();
  private volatile long clearedUpTo;

  /** A sink keeping the last {@link #DEFAULT_CAPACITY} events. */
  public InMemoryAuditSink() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * A sink keeping at least the last {@code capacity} events (rounded up to a power of two).
   *
   * @throws IllegalArgumentException if {@code capacity} is not between 1 and 2^24
   */
  public InMemoryAuditSink(int capacity) {
    if (capacity < 1 || capacity > (1 << 24)) {
      throw new IllegalArgumentException("capacity must be between 1 and 16777216: " + capacity);
    }
    int size = Integer.highestOneBit(capacity);
    if (size < capacity) {
      size <<= 1;
    }
    this.capacity = size;
    this.mask = size - 1;
    this.slots = new AtomicReferenceArray<>(size);
  }

  /**
   * Stores the event in the slot its sequence number selects. An event without a sequence
   * number (recorded directly, not through an {@link AuditLog}) is numbered by this sink after
   * the highest number it holds (a slower path, meant for tests).
   */
  @Override
  public void record(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    AuditEvent e = event;
    if (e.sequence() <= 0) {
      long floor = Math.max(highestHeld(), clearedUpTo);
      e = e.withSequence(ownSequence.updateAndGet(x -> Math.max(x, floor) + 1));
    }
    slots.set((int) (e.sequence() & mask), e);
  }

  private long highestHeld() {
    long max = 0;
    for (int i = 0; i < capacity; i++) {
      AuditEvent e = slots.get(i);
      if (e != null && e.sequence() > max) {
        max = e.sequence();
      }
    }
    return max;
  }

  /** How many events this sink keeps at most. */
  public int capacity() {
    return capacity;
  }

  /** The retained events, ordered by sequence number. */
  public List<AuditEvent> events() {
    long cleared = clearedUpTo;
    List<AuditEvent> out = new ArrayList<>();
    for (int i = 0; i < capacity; i++) {
      AuditEvent e = slots.get(i);
      if (e != null && e.sequence() > cleared) {
        out.add(e);
      }
    }
    out.sort(Comparator.comparingLong(AuditEvent::sequence));
    return out;
  }

  /** The retained events of one type, ordered by sequence number. */
  public List<AuditEvent> events(AuditEventType type) {
    List<AuditEvent> out = new ArrayList<>();
    for (AuditEvent e : events()) {
      if (e.type() == type) {
        out.add(e);
      }
    }
    return out;
  }

  /** Forgets every event recorded so far. */
  public void clear() {
    clearedUpTo = Math.max(clearedUpTo, highestHeld());
  }
}
