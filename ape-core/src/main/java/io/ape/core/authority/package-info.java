/**
 * Authority: single-use tokens bound to exactly one plan step, and the manager that issues them
 * in plan order.
 *
 * <p>{@link io.ape.core.authority.AuthorityManager} is the issuing side of one run: it issues a
 * token only in EXECUTING, only for the next step of the plan approved against the current
 * intent, only after an allowed tool transition, only for parameters of sufficient provenance
 * and only after the policy said ALLOW for exactly those parameters (or an escalation was
 * approved through a trusted channel and the policy re-confirmed). It also hands the
 * enforcement gate a {@link io.ape.core.authority.StepExecution} in exchange for a valid token,
 * and revokes tokens when the run, its intent or its plan changes.
 *
 * <p>A token ({@link io.ape.api.AuthorityToken}) is bound to tenant, session, intent version,
 * plan hash, step index, action id, tool id, the SHA-256 of the canonical parameters, and the
 * policy version of its ALLOW. The built-in {@code in-memory} issuer
 * ({@link io.ape.core.authority.InMemoryAuthorityIssuer}) accepts a token only as the very
 * instance it created (identity) with a verifying HMAC-SHA256 (per-issuer random key), consumes
 * it with one compare-and-set, expires it after its TTL (default 60 s, injected clock), keeps a
 * bounded registry, and never shows a secret in {@code toString}. Token references in audit
 * records are non-secret identifiers: holding one grants nothing.
 *
 * <p>{@link io.ape.core.authority.Action} is the seed's {@code Action}: a concrete step bound to
 * an intent version, a plan hash and a step index, with its parameter hash computed once.
 */
package io.ape.core.authority;
