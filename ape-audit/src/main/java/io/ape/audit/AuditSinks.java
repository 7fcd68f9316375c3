package io.ape.audit;

import io.ape.audit.internal.CompositeAuditSink;
import io.ape.audit.internal.Slf4jAuditSink;
import io.ape.spi.AuditSink;
import java.util.List;

/** Factories for the audit sinks of this module other than {@link JsonlAuditSink}. */
public final class AuditSinks {
  /** The SLF4J logger name the SLF4J sink writes to. */
  public static final String LOGGER_NAME = Slf4jAuditSink.LOGGER_NAME;

  private AuditSinks() {}

  /**
   * A sink that records every event to all {@code sinks}, in the given order. If any of them
   * fails, the others are still tried, and then {@link io.ape.api.AuditException} is thrown
   * naming every failure (so the guarded call fails closed).
   *
   * @throws IllegalArgumentException if no sink is given
   */
  public static AuditSink composite(AuditSink... sinks) {
    return new CompositeAuditSink(List.of(sinks));
  }

  /** As {@link #composite(AuditSink...)}. */
  public static AuditSink composite(List<? extends AuditSink> sinks) {
    return new CompositeAuditSink(sinks);
  }

  /**
   * A sink that writes one structured line per event (a JSON object, control characters
   * escaped) at INFO to the logger {@value #LOGGER_NAME}, with parameter names only. It is as
   * durable as the logging backend, which is why the JSON-lines sink is the one for evidence.
   * If the logger is not enabled for INFO, recording fails rather than lose events silently.
   */
  public static AuditSink slf4j() {
    return slf4j(LoggedParameters.KEYS);
  }

  /** As {@link #slf4j()}, with the given parameter detail. */
  public static AuditSink slf4j(LoggedParameters parameters) {
    return new Slf4jAuditSink(parameters);
  }
}
