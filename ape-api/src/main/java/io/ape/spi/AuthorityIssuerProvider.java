package io.ape.spi;

/** Provides an {@link AuthorityIssuer}; the built-in is {@code in-memory}. */
public interface AuthorityIssuerProvider extends ApeProvider {
  /** Creates the issuer. */
  AuthorityIssuer create(ProviderContext context);
}
