/**
 * Provenance (DESIGN §6): labels assigned by the channel a value came through, and the rules
 * that keep untrusted data from creating or widening authority.
 *
 * <p>Channels: the user's own prompt is {@code USER_TRUSTED}; configuration and policies are
 * {@code SYSTEM_TRUSTED}; tool output, documents, web pages and model output are
 * {@code EXTERNAL_UNTRUSTED} ({@link io.ape.core.provenance.Channels}). Values carry their
 * label in {@link io.ape.api.Labeled}; deriving keeps it and combining takes the least trusted
 * ({@link io.ape.core.provenance.ProvenanceGuard#leastTrusted}). A {@code null} label is
 * {@code EXTERNAL_UNTRUSTED}.
 *
 * <p>Untrusted data can never set an intent, submit or approve a plan, or approve an escalation
 * ({@link io.ape.core.provenance.ProvenanceGuard#requireTrusted}), and can never be a parameter
 * of an action that requires trusted parameters: an action whose rule says
 * {@code provenance: trusted}, and by default every HIGH and CRITICAL action. The policy's
 * evaluation decides that (the engine builds its policy engine with the action repository's risk
 * levels; an action of unknown risk is HIGH, fail closed).
 * {@link io.ape.core.provenance.ParameterTrustPolicy} is only an adapter for a decision point
 * that does not judge provenance itself.
 */
package io.ape.core.provenance;
