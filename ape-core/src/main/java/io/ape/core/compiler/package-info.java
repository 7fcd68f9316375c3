/**
 * Intent compilation: prompt → {@link io.ape.api.CompiledIntent}, narrowed by a
 * {@link io.ape.api.PolicyView}.
 *
 * <p>{@link io.ape.core.compiler.PatternIntentCompiler} is the deterministic {@code patterns}
 * provider of the {@link io.ape.spi.IntentCompiler} SPI (registered in
 * {@code META-INF/services}); {@link io.ape.core.compiler.PolicyViews} gives the view of a
 * {@link io.ape.api.Policy} for every policy shape (allowed/forbidden/escalation lists,
 * rules-only, default allow, default escalate).
 *
 * <p>Decisions recorded here, with the Python original's behaviour they replace:
 * <ul>
 *   <li>Narrowing uses the policy's best case for the action, so rules-only and default-allow
 *       policies work (WEAK-9); actions the policy can only escalate stay escalations (WEAK-2);
 *       disabling escalation forbids instead of allowing (WEAK-7).</li>
 *   <li>Patterns have word boundaries and need fitting objects (WEAK-8); a phrase after
 *       instruction-override text becomes an escalation and the intent gets a risk flag;
 *       quoted text is data and names nothing; a negated phrase forbids its action; a prompt
 *       that both asks for and rules out an action is ambiguous.</li>
 *   <li>Actions are listed in prompt order, not pattern-table order.</li>
 *   <li>An action id written in the prompt names that action, which makes custom actions
 *       reachable without a model (the Python original found nothing for all 18 ids).</li>
 *   <li>Parameters the prompt names are extracted per action; the intent description no longer
 *       quotes the prompt, and errors quote at most 24 sanitised characters (WEAK-39).</li>
 *   <li>{@code rm -r...} maps to {@code delete_directory} (the Python original said
 *       {@code delete_file}); a shell command or SQL query is an argument, never searched for
 *       further actions.</li>
 * </ul>
 */
package io.ape.core.compiler;
