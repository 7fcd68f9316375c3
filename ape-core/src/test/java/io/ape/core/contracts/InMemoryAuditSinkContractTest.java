package io.ape.core.contracts;

import io.ape.api.AuditEvent;
import io.ape.core.audit.InMemoryAuditSink;
import io.ape.spi.AuditSink;
import io.ape.spi.AuditSinkProvider;
import io.ape.spi.ProviderContext;
import io.ape.testkit.AuditSinkContract;
import io.ape.testkit.Providers;
import java.util.List;

/** The built-in {@code memory} audit sink passes the AuditSink contract (with read-back). */
class InMemoryAuditSinkContractTest extends AuditSinkContract implements AuditSinkContract.ReadBack {
  @Override
  public AuditSink newSink() {
    return Providers.load(AuditSinkProvider.class, "memory").create(ProviderContext.defaults());
  }

  @Override
  public List<AuditEvent> readBack(AuditSink sink) {
    return ((InMemoryAuditSink) sink).events();
  }
}
