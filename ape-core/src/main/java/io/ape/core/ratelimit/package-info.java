/**
 * Rate limits and the session risk budget (DESIGN §7). The engine keeps every window and budget
 * in the shared state's {@link io.ape.spi.state.LimitLedger}: {@link
 * io.ape.core.ratelimit.LedgerLimits} turns a policy's {@code rate_limits} and a session's
 * {@link io.ape.core.ratelimit.SessionBudgets} into one atomic reservation, made after the ALLOW,
 * inside issuance. {@link io.ape.core.ratelimit.RateLimiter} is a programmatic limiter of one JVM
 * an application may add; it checks and records every applicable limit of its own in one atomic
 * step.
 *
 * <p>Configured from a policy's {@code rate_limits} section ({@link io.ape.api.RateLimitSettings})
 * or programmatically. Counters exist only for configured limits: one per global limit, per
 * action limit, per target <em>pattern</em> (never per concrete host or path) and, for each
 * open session, per session limit. Refusals are {@link io.ape.api.RateLimitExceededException}
 * (with the limit's label, its maximum and when a slot frees) or
 * {@link io.ape.api.RiskBudgetExceededException}. See {@code docs/rate-limits-and-sessions.md}.
 */
package io.ape.core.ratelimit;
