package io.ape.examples;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.spi.AuditSink;
import java.util.EnumMap;
import java.util.Map;

/** A custom audit sink that counts the events it receives, by type. Thread-safe. */
public final class CountingAuditSink implements AuditSink {
  private final Map<AuditEventType, Integer> counts = new EnumMap<>(AuditEventType.class);

  @Override
  public synchronized void record(AuditEvent event) {
    counts.merge(event.type(), 1, Integer::sum);
  }

  /** How many events of {@code type} were recorded. */
  public synchronized int count(AuditEventType type) {
    return counts.getOrDefault(type, 0);
  }
}
