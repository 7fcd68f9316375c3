package io.ape.spi;

import io.ape.api.AuditEvent;
import io.ape.api.AuditException;

/**
 * Records audit events. Implementations are thread-safe.
 *
 * <p>{@link #record} returns only once the event is as durable as the sink promises; if it
 * cannot record, it throws {@link AuditException}, and the engine fails the guarded call
 * closed (the tool does not run) unless explicitly configured otherwise.
 */
public interface AuditSink extends AutoCloseable {
  /**
   * Records one event.
   *
   * @throws AuditException if the event could not be recorded
   */
  void record(AuditEvent event);

  /** Forces buffered events to durable storage. */
  default void flush() {}

  /** Flushes and releases resources. Never throws checked exceptions. */
  @Override
  default void close() {}
}
