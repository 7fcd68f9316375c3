/**
 * Shared state on Redis for several engine instances (DESIGN "Several instances"):
 * {@link io.ape.redis.RedisSharedState}, selected with {@code ape.state=redis} through
 * {@link io.ape.redis.RedisSharedStateProvider} and configured with {@code ape.redis.*}
 * ({@link io.ape.redis.RedisStateSettings}). Fails closed: an unreachable, slow or failing Redis
 * is {@link io.ape.api.StateUnavailableException}, never a local fallback.
 *
 * @since 0.2.0
 */
package io.ape.redis;
