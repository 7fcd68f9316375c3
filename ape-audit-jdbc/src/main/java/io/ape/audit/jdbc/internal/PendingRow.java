package io.ape.audit.jdbc.internal;

import io.ape.api.AuditException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One record on its way to PostgreSQL, or a flush marker ({@code body == null}). PENDING →
 * CLAIMED (taken into a batch) → committed or failed; or PENDING → ABANDONED (its caller gave
 * up before the writer took it: then it is never written).
 */
public final class PendingRow {
  private static final int PENDING = 0;
  private static final int CLAIMED = 1;
  private static final int ABANDONED = 2;

  final byte[] body;
  final EventColumns columns;
  private final AtomicInteger state = new AtomicInteger(PENDING);
  private final CompletableFuture<Long> done = new CompletableFuture<>();

  PendingRow(byte[] body, EventColumns columns) {
    this.body = body;
    this.columns = columns;
  }

  /** A record. */
  public static PendingRow of(byte[] body, EventColumns columns) {
    return new PendingRow(body, columns);
  }

  /** A flush marker: completes once everything queued before it is committed. */
  public static PendingRow flushMarker() {
    return new PendingRow(null, null);
  }

  boolean isMarker() {
    return body == null;
  }

  boolean claim() {
    return state.compareAndSet(PENDING, CLAIMED);
  }

  /** Caller side: gives up if the writer has not taken it yet. */
  public boolean abandon() {
    return state.compareAndSet(PENDING, ABANDONED);
  }

  /** Completes with the record number. */
  void committed(long recordNo) {
    done.complete(recordNo);
  }

  void failed(AuditException e) {
    done.completeExceptionally(e);
  }

  /** What the caller waits for: the record number once committed. */
  public CompletableFuture<Long> done() {
    return done;
  }
}
