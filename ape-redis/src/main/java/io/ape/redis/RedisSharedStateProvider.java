package io.ape.redis;

import io.ape.spi.ProviderContext;
import io.ape.spi.state.SharedState;
import io.ape.spi.state.SharedStateProvider;

/**
 * The {@code redis} shared-state provider ({@code ape.state=redis}): a {@link RedisSharedState}
 * configured from the {@code ape.redis.*} keys ({@link RedisStateSettings#fromProperties}).
 *
 * @since 0.2.0
 */
public final class RedisSharedStateProvider implements SharedStateProvider {
  /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
  public RedisSharedStateProvider() {}

  @Override
  public String id() {
    return "redis";
  }

  @Override
  public SharedState create(ProviderContext context) {
    return RedisSharedState.connect(RedisStateSettings.fromProperties(context.properties()),
        context.clock());
  }
}
