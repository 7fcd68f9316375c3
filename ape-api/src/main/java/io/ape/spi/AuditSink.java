package io.ape.spi;

import io.ape.api.AuditEvent;
import io.ape.api.AuditException;

/**
 * Records audit events. Implementations are thread-safe.
 *
 * <p>{@link #record} returns only once the event is as durable as the sink promises; if it
 * cannot record, it throws {@link AuditException}, and the engine fails the guarded call
 * closed (the tool does not run) unless explicitly configured otherwise. Every failure a sink
 * reports is an {@link AuditException} (never another exception type, never a silent drop): a
 * storage that fails, and a {@code record} after {@link #close} that the sink cannot honour.
 *
 * <p>Events arrive as the engine's audit dispatcher sends them: stamped with gapless sequence
 * numbers 1, 2, 3, …, each exactly once, possibly from many threads and out of order. A sink
 * may store them in arrival order. {@code io.ape:ape-testkit}'s {@code AuditSinkContract}
 * checks all of this.
 *
 * @since 0.1.0
 */
public interface AuditSink extends AutoCloseable {
  /**
   * Records one event.
   *
   * @throws AuditException if the event could not be recorded
   * @throws NullPointerException if {@code event} is {@code null} (the sink stays usable)
   */
  void record(AuditEvent event);

  /** Forces buffered events to durable storage. */
  default void flush() {}

  /** Flushes and releases resources. Idempotent; never throws checked exceptions. */
  @Override
  default void close() {}
}
