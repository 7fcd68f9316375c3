package io.ape.testkit.sample;

import io.ape.api.AuditEvent;
import io.ape.api.AuditException;
import io.ape.spi.AuditSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A sink that keeps events in a list; its "storage" can be made to fail. */
public class SampleAuditSink implements AuditSink {
  private final List<AuditEvent> events = new ArrayList<>();
  private boolean closed;
  private boolean broken;

  @Override
  public synchronized void record(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    if (closed) {
      throw new AuditException("closed");
    }
    if (broken) {
      throw new AuditException("storage failed");
    }
    events.add(event);
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  public synchronized void breakStorage() {
    broken = true;
  }

  public synchronized List<AuditEvent> events() {
    return new ArrayList<>(events);
  }
}
