/**
 * The runtime state machine of one agent run (DESIGN §5).
 *
 * <pre>
 * INITIALIZED → INTENT_SET → PLAN_APPROVED → EXECUTING ⇄ ESCALATION_REQUIRED
 * INTENT_SET → INTENT_SET, EXECUTING → EXECUTING, and every state except TERMINATED → TERMINATED
 * </pre>
 *
 * <p>Authority is issued only in EXECUTING. TERMINATED is final: there is no reset. An illegal
 * transition throws {@link io.ape.api.RuntimeStateException} and is audited as
 * {@code ATTEMPT_REJECTED}; every legal one is audited as {@code STATE_TRANSITION} before it
 * takes effect. Guards registered by the intent and plan managers veto transitions whose
 * precondition does not hold (INTENT_SET needs an intent, PLAN_APPROVED and EXECUTING need a
 * plan approved against the current intent).
 */
package io.ape.core.runtime;
