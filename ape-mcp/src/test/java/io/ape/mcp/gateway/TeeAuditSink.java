package io.ape.mcp.gateway;

import io.ape.api.AuditEvent;
import io.ape.spi.AuditSink;
import java.util.List;

/** Records every event in each of several sinks, in order (the engine takes one sink instance). */
final class TeeAuditSink implements AuditSink {
  private final List<AuditSink> sinks;

  TeeAuditSink(List<AuditSink> sinks) {
    this.sinks = List.copyOf(sinks);
  }

  @Override
  public void record(AuditEvent event) {
    for (AuditSink s : sinks) {
      s.record(event);
    }
  }

  @Override
  public void flush() {
    sinks.forEach(AuditSink::flush);
  }

  @Override
  public void close() {
    sinks.forEach(AuditSink::close);
  }
}
