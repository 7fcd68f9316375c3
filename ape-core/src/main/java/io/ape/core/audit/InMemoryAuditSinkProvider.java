package io.ape.core.audit;

import io.ape.api.ApeConfigurationException;
import io.ape.spi.AuditSink;
import io.ape.spi.AuditSinkProvider;
import io.ape.spi.ProviderContext;

/**
 * The {@code memory} audit sink provider: a bounded {@link InMemoryAuditSink}, for tests.
 *
 * <p>Property {@code ape.audit.memory.capacity} (default {@value
 * InMemoryAuditSink#DEFAULT_CAPACITY}) sets how many events are kept.
 */
public final class InMemoryAuditSinkProvider implements AuditSinkProvider {
  /** The configuration key of the capacity. */
  public static final String CAPACITY_KEY = "ape.audit.memory.capacity";

  /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
  public InMemoryAuditSinkProvider() {
    // stateless
  }

  @Override
  public String id() {
    return "memory";
  }

  @Override
  public AuditSink create(ProviderContext context) {
    String raw = context.property(CAPACITY_KEY).orElse(null);
    if (raw == null) {
      return new InMemoryAuditSink();
    }
    try {
      return new InMemoryAuditSink(Integer.parseInt(raw.trim()));
    } catch (IllegalArgumentException e) {
      throw new ApeConfigurationException(CAPACITY_KEY + " must be an integer between 1 and "
          + "16777216, but was \"" + raw + "\"", e);
    }
  }
}
