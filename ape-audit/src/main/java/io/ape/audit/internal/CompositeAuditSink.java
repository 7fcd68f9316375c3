package io.ape.audit.internal;

import io.ape.api.AuditEvent;
import io.ape.api.AuditException;
import io.ape.spi.AuditSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Records to several sinks; a failure of any is an {@link AuditException} raised after every
 * sink was tried. Thread-safe if its sinks are. Internal to ape-audit.
 */
public final class CompositeAuditSink implements AuditSink {
  private final List<AuditSink> sinks;

  /** Creates the composite. */
  public CompositeAuditSink(List<? extends AuditSink> sinks) {
    Objects.requireNonNull(sinks, "sinks");
    if (sinks.isEmpty()) {
      throw new IllegalArgumentException("a composite audit sink needs at least one sink");
    }
    for (AuditSink s : sinks) {
      Objects.requireNonNull(s, "a sink of the composite is null");
    }
    this.sinks = List.copyOf(sinks);
  }

  @Override
  public void record(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    forAll("record event " + event.sequence(), s -> s.record(event));
  }

  @Override
  public void flush() {
    forAll("flush", AuditSink::flush);
  }

  @Override
  public void close() {
    forAll("close", AuditSink::close);
  }

  private void forAll(String what, Consumer<AuditSink> op) {
    List<RuntimeException> failures = null;
    List<AuditSink> failed = null;
    for (AuditSink s : sinks) {
      try {
        op.accept(s);
      } catch (RuntimeException e) {
        if (failures == null) {
          failures = new ArrayList<>(2);
          failed = new ArrayList<>(2);
        }
        failures.add(e);
        failed.add(s);
      }
    }
    if (failures == null) {
      return;
    }
    StringBuilder msg = new StringBuilder("audit sink(s) could not ").append(what).append(':');
    for (int i = 0; i < failures.size(); i++) {
      msg.append(i == 0 ? " " : "; ").append(failed.get(i)).append(": ")
          .append(failures.get(i).getMessage());
    }
    AuditException e = new AuditException(msg.toString(), failures.get(0));
    for (int i = 1; i < failures.size(); i++) {
      e.addSuppressed(failures.get(i));
    }
    throw e;
  }

  @Override
  public String toString() {
    return "CompositeAuditSink" + sinks;
  }
}
