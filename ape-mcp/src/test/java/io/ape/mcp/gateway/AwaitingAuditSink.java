package io.ape.mcp.gateway;

import io.ape.api.AuditEvent;
import io.ape.spi.AuditSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** An audit sink a test can wait on (monitor wait, no sleeping) for an event that comes later. */
final class AwaitingAuditSink implements AuditSink {
  private final List<AuditEvent> events = new ArrayList<>();

  @Override
  public synchronized void record(AuditEvent event) {
    events.add(event);
    notifyAll();
  }

  /** The first event matching {@code p}, waiting for it at most {@code timeout}. */
  synchronized AuditEvent await(Predicate<AuditEvent> p, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (AuditEvent e : events) {
        if (p.test(e)) {
          return e;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no matching audit event within " + timeout);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /** The first gateway event {@code what}. */
  AuditEvent awaitGatewayEvent(String what, Duration timeout) throws InterruptedException {
    return await(e -> what.equals(e.details().get(McpGateway.EVENT_DETAIL)), timeout);
  }

  synchronized List<AuditEvent> events() {
    return List.copyOf(events);
  }
}
