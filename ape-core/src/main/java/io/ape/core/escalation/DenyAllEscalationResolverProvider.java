package io.ape.core.escalation;

import io.ape.spi.EscalationResolver;
import io.ape.spi.EscalationResolverProvider;
import io.ape.spi.ProviderContext;

/** The built-in {@code deny-all} escalation resolver provider, the default. */
public final class DenyAllEscalationResolverProvider implements EscalationResolverProvider {
  /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
  public DenyAllEscalationResolverProvider() {
    // stateless
  }

  @Override
  public String id() {
    return "deny-all";
  }

  @Override
  public EscalationResolver create(ProviderContext context) {
    return new DenyAllEscalationResolver();
  }
}
