/**
 * The declared intent of a run: what the user asked for, as the outer bound of every plan.
 *
 * <p>{@link io.ape.core.intent.IntentManager} accepts an {@link io.ape.api.Intent} (an immutable
 * deep copy, validated on construction) only through a trusted channel and only for the run's
 * tenant, versions it with the canonical SHA-256 of {@link io.ape.core.canonical.ApeHashes},
 * and tells its listeners when it changes, so that the plan approved against the old intent
 * loses its approval and every token bound to the old version is revoked.
 */
package io.ape.core.intent;
