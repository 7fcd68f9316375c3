/**
 * Shared engine state on Redis: the {@code redis} {@link io.ape.spi.state.SharedStateProvider}.
 * The {@code internal} package is not exported.
 *
 * @since 0.2.0
 */
module io.ape.redis {
  requires transitive io.ape.api;
  requires org.slf4j;
  requires lettuce.core;

  exports io.ape.redis;

  provides io.ape.spi.state.SharedStateProvider with io.ape.redis.RedisSharedStateProvider;
}
