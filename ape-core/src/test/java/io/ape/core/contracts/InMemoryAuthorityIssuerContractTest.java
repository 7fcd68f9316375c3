package io.ape.core.contracts;

import io.ape.spi.AuthorityIssuer;
import io.ape.spi.AuthorityIssuerProvider;
import io.ape.spi.ProviderContext;
import io.ape.testkit.AuthorityIssuerContract;
import io.ape.testkit.Providers;
import java.time.Clock;
import java.util.Map;

/** The built-in {@code in-memory} issuer passes the AuthorityIssuer contract. */
class InMemoryAuthorityIssuerContractTest extends AuthorityIssuerContract {
  @Override
  protected AuthorityIssuer newIssuer(Clock clock) {
    return Providers.load(AuthorityIssuerProvider.class, "in-memory")
        .create(new ProviderContext(Map.of(), clock));
  }
}
