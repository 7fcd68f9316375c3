/**
 * Plans: generated from a compiled intent, or proposed by a model and validated.
 *
 * <p>{@link io.ape.core.planning.PlanGenerator} is the entry point:
 * {@code generate(compiledIntent, parameters)} gives the plan for an intent;
 * {@code fromModelOutput(output, compiledIntent, policy, context)} parses a model's proposal
 * ({@link io.ape.core.planning.LlmPlanParser}) and validates it
 * ({@link io.ape.core.planning.PlanValidator}). Both return an immutable
 * {@link io.ape.api.Plan}; steps that need an approved escalation are listed under
 * {@link io.ape.core.planning.PlanMetadata#ESCALATION_STEPS}.
 *
 * <p>Decisions recorded here, each fixing a hole of the Python original:
 * <ul>
 *   <li>Generated plans include the intent's escalation actions, marked, instead of dropping
 *       them (WEAK-2), and validate every step's parameters against the schema (WEAK-3).</li>
 *   <li>A model's plan may only use actions of the intent, only with the tool bound to each
 *       action (WEAK-4), only with an escalation mark where the intent or the policy requires
 *       escalation (WEAK-5), only with the values the prompt named for the parameters the
 *       prompt named, and only if the policy allows it with the step's own parameters
 *       (WEAK-10). Parameters chosen by the model are EXTERNAL_UNTRUSTED.</li>
 *   <li>Prose never becomes a step, version numbers are not list items, negation is not
 *       ignored because no natural-language extraction exists (WEAK-28); broken JSON is an
 *       error, not a reason to guess.</li>
 *   <li>Model output is bounded (64 KiB, 100 steps, depth 32) and quoted in errors only as a
 *       short, escaped prefix (WEAK-39).</li>
 *   <li>The same action may appear in several steps (the Python original rejected this only
 *       by accident, through a uniqueness check of the derived intent).</li>
 * </ul>
 */
package io.ape.core.planning;
