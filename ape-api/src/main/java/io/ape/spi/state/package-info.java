/**
 * The state that several engine instances must share (DESIGN "Several instances"): rate-limit
 * windows and risk budgets ({@link io.ape.spi.state.LimitLedger}), sessions
 * ({@link io.ape.spi.state.SessionStore}), revocation epochs
 * ({@link io.ape.spi.state.RevocationRegistry}) and single-use claims for escalation approvals and
 * consumed tokens ({@link io.ape.spi.state.OnceLedger}).
 *
 * <p>Selected with {@code ape.state} ({@code memory}, built into ape-core; {@code redis}, in
 * ape-redis) through {@link io.ape.spi.state.SharedStateProvider}. Every operation either answers
 * or throws {@link io.ape.api.StateUnavailableException}; the engine turns that into DENY.
 * Every key an implementation stores expires; nothing grows without bound.
 *
 * @since 0.2.0
 */
package io.ape.spi.state;
