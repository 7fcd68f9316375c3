/**
 * The enforcement gate: the only path from an agent to a tool.
 *
 * <p>Tools are registered in a {@link io.ape.core.enforcement.ToolRegistry}, which returns an
 * opaque {@link io.ape.core.enforcement.ToolHandle}: nothing in the public API hands a
 * registered {@link io.ape.api.Tool} back or invokes it, except {@link
 * io.ape.core.enforcement.EnforcementGate#execute}. The gate verifies the token against the run
 * and the action in every bound field, consumes it, runs the tool with the token's bound
 * parameters (never with arguments passed alongside), and labels the result
 * {@code EXTERNAL_UNTRUSTED} unless the tool was registered as trusted.
 *
 * <p>Modes ({@link io.ape.core.enforcement.EnforcementMode}): ENFORCE (default); OBSERVE, for
 * rollout, which decides and audits exactly as ENFORCE but runs the tool even when it would
 * refuse (with the action's parameters), every audit record of the call carrying
 * {@code enforcement_mode=OBSERVE}; DISABLED, which checks nothing, is available only through
 * the builder's explicit {@code allowDisabledMode(true)} and logs a warning when the gate is
 * built.
 */
package io.ape.core.enforcement;
