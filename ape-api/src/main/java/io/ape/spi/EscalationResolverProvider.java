package io.ape.spi;

/** Provides an {@link EscalationResolver}; the built-in {@code deny-all} is the default. */
public interface EscalationResolverProvider extends ApeProvider {
  /** Creates the resolver. */
  EscalationResolver create(ProviderContext context);
}
