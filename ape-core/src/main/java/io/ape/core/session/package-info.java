/**
 * Sessions (DESIGN §7): {@link io.ape.core.session.SessionManager} creates tenant-bound
 * {@link io.ape.core.session.Session}s with a bounded, non-extendable time to live; a session
 * records the actions executed in it, their cumulative risk, the tokens issued and a small
 * conversational {@link io.ape.core.session.SessionContext}, and records nothing once it has
 * expired, been revoked or ended. Session limits and the risk budget are enforced by a
 * {@link io.ape.core.ratelimit.RateLimiter} bound to the manager. See
 * {@code docs/rate-limits-and-sessions.md}.
 */
package io.ape.core.session;
