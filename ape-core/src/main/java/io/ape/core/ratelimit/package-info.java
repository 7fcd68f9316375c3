/**
 * Rate limits and the session risk budget (DESIGN §7): {@link io.ape.core.ratelimit.RateLimiter}
 * checks and records every applicable limit in one atomic step, before authority is issued.
 *
 * <p>Configured from a policy's {@code rate_limits} section ({@link io.ape.api.RateLimitSettings})
 * or programmatically. Counters exist only for configured limits: one per global limit, per
 * action limit, per target <em>pattern</em> (never per concrete host or path) and, for each
 * open session, per session limit. Refusals are {@link io.ape.api.RateLimitExceededException}
 * (with the limit's label, its maximum and when a slot frees) or
 * {@link io.ape.api.RiskBudgetExceededException}. See {@code docs/rate-limits-and-sessions.md}.
 */
package io.ape.core.ratelimit;
