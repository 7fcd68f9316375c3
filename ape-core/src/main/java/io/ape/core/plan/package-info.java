/**
 * The plan of a run: an ordered list of steps that must lie inside the current intent.
 *
 * <p>{@link io.ape.core.plan.PlanManager} accepts a {@link io.ape.api.Plan} (an immutable deep
 * copy) only through a trusted channel and only for the run's tenant, hashes it canonically,
 * and approves it only when the run is in INTENT_SET, only against the current intent, only if
 * every step's action is permitted by that intent (allowed or escalation-required, never
 * forbidden) and only if every step's tool is an allowed successor of the previous step's tool
 * under the policy's {@code tool_transitions}. The result is an {@link
 * io.ape.core.plan.ApprovedPlan}, from which the authority manager issues tokens step by step.
 * Submitting a different plan, or a change of the intent, withdraws the approval and revokes the
 * plan's tokens.
 *
 * <p>The parameters of a plan carry a provenance per step: by default the channel the plan came
 * through, or a lower label given at submission when a value was derived from untrusted data
 * (a document, a tool result, model output).
 */
package io.ape.core.plan;
