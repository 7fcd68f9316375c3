package io.ape.examples;

import io.ape.spi.AuditSink;
import io.ape.spi.AuditSinkProvider;
import io.ape.spi.ProviderContext;

/** Provides {@link CountingAuditSink} under the id {@value #ID}; registered in META-INF/services. */
public final class CountingAuditSinkProvider implements AuditSinkProvider {
  /** The provider id, enabled with {@code ape.audit.sinks=example-counting}. */
  public static final String ID = "example-counting";

  /** Used by {@link java.util.ServiceLoader}. */
  public CountingAuditSinkProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public AuditSink create(ProviderContext context) {
    return new CountingAuditSink();
  }
}
