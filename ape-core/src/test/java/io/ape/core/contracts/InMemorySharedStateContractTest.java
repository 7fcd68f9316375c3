package io.ape.core.contracts;

import io.ape.spi.ProviderContext;
import io.ape.spi.state.SharedState;
import io.ape.spi.state.SharedStateProvider;
import io.ape.testkit.Providers;
import io.ape.testkit.SharedStateContract;
import java.time.Clock;
import java.util.Map;

/** The built-in {@code memory} shared state passes the shared-state contract. */
class InMemorySharedStateContractTest extends SharedStateContract {
  @Override
  protected SharedState newState(Clock clock) {
    return Providers.load(SharedStateProvider.class, "memory")
        .create(new ProviderContext(Map.of(), clock));
  }
}
