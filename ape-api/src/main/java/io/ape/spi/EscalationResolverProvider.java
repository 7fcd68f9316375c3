package io.ape.spi;

/**
 * Provides an {@link EscalationResolver}; the built-in {@code deny-all} is the default.
 *
 * @since 0.1.0
 */
public interface EscalationResolverProvider extends ApeProvider {
  /** Creates the resolver. */
  EscalationResolver create(ProviderContext context);
}
