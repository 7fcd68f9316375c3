package io.ape.spi.state;

import io.ape.spi.ApeProvider;
import io.ape.spi.ProviderContext;

/**
 * Provides the {@link SharedState} of an engine; configuration key {@code ape.state}. Built-in:
 * {@code memory} (ape-core: one JVM). {@code redis} comes with ape-redis.
 *
 * @since 0.2.0
 */
public interface SharedStateProvider extends ApeProvider {
  /**
   * Creates (and connects) the state.
   *
   * @throws io.ape.api.ApeConfigurationException if the configuration is incomplete or invalid
   */
  SharedState create(ProviderContext context);
}
