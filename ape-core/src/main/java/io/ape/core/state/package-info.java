/**
 * The built-in {@code memory} shared state ({@link io.ape.core.state.InMemorySharedState}): the
 * {@link io.ape.spi.state.SharedState} of a single JVM, bounded and expiring. Several instances
 * that must share limits, sessions, revocations and approvals need a shared store instead
 * ({@code ape.state=redis}, in ape-redis).
 *
 * @since 0.2.0
 */
package io.ape.core.state;
