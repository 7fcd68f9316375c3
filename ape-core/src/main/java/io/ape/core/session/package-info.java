/**
 * Sessions (DESIGN §7): {@link io.ape.core.session.SessionManager} creates tenant-bound
 * {@link io.ape.core.session.Session}s with a bounded, non-extendable time to live; a session
 * reserves the actions authorised in it against its action cap, accounts their cumulative
 * risk, the actions executed, the tokens issued and a small conversational
 * {@link io.ape.core.session.SessionContext}, and reserves nothing once it has expired, been
 * revoked or ended. A session's action cap and risk budget are budgets in the shared state's
 * {@link io.ape.spi.state.LimitLedger} (the one tally, shared by every instance), its record is in
 * the shared {@link io.ape.spi.state.SessionStore} (another instance can find it, and sees it
 * end). The orchestrator's {@code ApeSession}s and the engine's {@code AgentSession}s are sessions
 * of its manager. See {@code docs/rate-limits-and-sessions.md}.
 */
package io.ape.core.session;
