package io.ape.spi;

/**
 * Provides an {@link AuthorityIssuer}; the built-in is {@code in-memory}.
 *
 * @since 0.1.0
 */
public interface AuthorityIssuerProvider extends ApeProvider {
  /** Creates the issuer. */
  AuthorityIssuer create(ProviderContext context);
}
