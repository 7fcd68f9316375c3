/**
 * Sessions (DESIGN §7): {@link io.ape.core.session.SessionManager} creates tenant-bound
 * {@link io.ape.core.session.Session}s with a bounded, non-extendable time to live; a session
 * reserves the actions authorised in it against its action cap, accounts their cumulative
 * risk, the actions executed, the tokens issued and a small conversational
 * {@link io.ape.core.session.SessionContext}, and reserves nothing once it has expired, been
 * revoked or ended. Session rate limits and the risk budget are enforced by the
 * {@link io.ape.core.ratelimit.RateLimiter}s bound to the manager. The orchestrator's
 * {@code ApeSession}s are sessions of its manager. See {@code docs/rate-limits-and-sessions.md}.
 */
package io.ape.core.session;
