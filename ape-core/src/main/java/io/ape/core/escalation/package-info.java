/**
 * Escalation: asking a trusted resolver (usually a human) to approve an action the policy marked
 * ESCALATE.
 *
 * <p>The authority manager moves the run to ESCALATION_REQUIRED (which freezes issuance), sends
 * the {@link io.ape.core.escalation.EscalationHandler} a request bound to the action, its
 * parameters, their canonical hash and the policy version, and waits for the answer with a
 * bounded timeout on a small executor the handler owns. An approval counts only if it came
 * through a trusted channel and names the request's parameter hash; the authority manager then
 * re-evaluates the policy, fails if anything changed, resumes EXECUTING and issues the token.
 * Every other outcome is a DENY whose reason says which it was ({@link
 * io.ape.core.escalation.EscalationDenial}): denied by the resolver, timed out, no resolver,
 * resolver failed, no answer, untrusted channel, parameter hash mismatch, interrupted.
 *
 * <p>The default resolver is {@code deny-all} ({@link
 * io.ape.core.escalation.DenyAllEscalationResolver}).
 */
package io.ape.core.escalation;
