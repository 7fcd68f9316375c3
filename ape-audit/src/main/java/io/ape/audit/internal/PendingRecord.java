package io.ape.audit.internal;

import io.ape.api.AuditException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One record on its way from a caller to the disk. Its state moves PENDING → CLAIMED (the
 * writer has taken it into a batch) → DONE or FAILED, or PENDING → FAILED (abandoned before the
 * writer took it: then it is guaranteed never to be written). Internal to ape-audit.
 */
public final class PendingRecord {
  static final int PENDING = 0;
  static final int CLAIMED = 1;
  static final int DONE = 2;
  static final int FAILED = 3;

  final long sequence;
  final byte[] body;
  final boolean sync;
  private final Thread waiter;
  private final AtomicInteger state;
  private volatile AuditException error;
  volatile long recordNo;

  private PendingRecord(long sequence, byte[] body, Thread waiter, int initial) {
    this(sequence, body, waiter, initial, false);
  }

  private PendingRecord(long sequence, byte[] body, Thread waiter, int initial, boolean sync) {
    this.sequence = sequence;
    this.body = body;
    this.sync = sync;
    this.waiter = waiter;
    this.state = new AtomicInteger(initial);
  }

  /** A record to write, awaited by the current thread (or by nobody). */
  static PendingRecord of(long sequence, byte[] body, boolean awaited) {
    return new PendingRecord(sequence, body, awaited ? Thread.currentThread() : null, PENDING);
  }

  /** A request, awaited by the current thread, to force everything written so far. */
  static PendingRecord syncRequest() {
    return new PendingRecord(-1, null, Thread.currentThread(), PENDING, true);
  }

  /**
   * A placeholder for an event that was sequenced but will not be written (it was rejected
   * before reaching the writer): it lets the writer move past its sequence number.
   */
  static PendingRecord skip(long sequence) {
    return new PendingRecord(sequence, null, null, FAILED);
  }

  /** Whether a caller waits for this record to become durable. */
  boolean isAwaited() {
    return waiter != null;
  }

  int bodyLength() {
    return body == null ? 0 : body.length;
  }

  int state() {
    return state.get();
  }

  boolean isFinished() {
    return state.get() >= DONE;
  }

  /** Writer side: takes the record into a batch unless it was abandoned. */
  boolean claim() {
    return state.compareAndSet(PENDING, CLAIMED);
  }

  /**
   * Caller side: gives the record up if the writer has not taken it yet; then it is never
   * written.
   *
   * @return whether the record was given up
   */
  public boolean abandon(AuditException why) {
    if (state.compareAndSet(PENDING, FAILED)) {
      error = why;
      return true;
    }
    return false;
  }

  void complete(long recordNumber) {
    this.recordNo = recordNumber;
    state.set(DONE);
    wake();
  }

  /** Fails the record (whether pending or claimed); no effect once finished. */
  void fail(AuditException why) {
    while (true) {
      int s = state.get();
      if (s >= DONE) {
        return;
      }
      error = why;
      if (state.compareAndSet(s, FAILED)) {
        wake();
        return;
      }
    }
  }

  AuditException error() {
    return error;
  }

  private void wake() {
    if (waiter != null) {
      LockSupport.unpark(waiter);
    }
  }
}
