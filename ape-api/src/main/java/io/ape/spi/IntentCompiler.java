package io.ape.spi;

import io.ape.api.CompiledIntent;
import io.ape.api.IntentAmbiguityException;
import io.ape.api.IntentCompilationException;
import io.ape.api.IntentCompilerOptions;
import io.ape.api.IntentNarrowingException;
import io.ape.api.PolicyView;

/**
 * Turns a user's prompt into a {@link CompiledIntent}, narrowed by a policy.
 *
 * <p>Contract for every implementation:
 * <ul>
 *   <li>deterministic: the same prompt, policy view, options and action catalog give an equal
 *       result;</li>
 *   <li>only actions of the catalog appear in the result;</li>
 *   <li>an action the policy can never allow ({@link PolicyView#bestOutcome} DENY) is never
 *       allowed or escalated; one it can only escalate is kept as an escalation, never dropped
 *       and never allowed;</li>
 *   <li>an empty, blank, oversized or ambiguous prompt raises {@link IntentAmbiguityException}
 *       (or another {@link IntentCompilationException}) whose message quotes at most a short,
 *       sanitised prefix of the prompt;</li>
 *   <li>a {@code null} prompt counts as empty; a {@code null} policy view raises
 *       {@link IntentCompilationException} (an intent is always narrowed by a policy);</li>
 *   <li>the result carries the view's {@link PolicyView#policyVersion()};</li>
 *   <li>thread-safe; never returns {@code null}.</li>
 * </ul>
 * {@code io.ape:ape-testkit}'s {@code IntentCompilerContract} checks this contract.
 *
 * @since 0.1.0
 */
public interface IntentCompiler {
  /**
   * Compiles a prompt with {@link IntentCompilerOptions#defaults()}.
   *
   * @throws IntentAmbiguityException if the prompt names no action clearly enough
   * @throws IntentNarrowingException if the policy removes every action the prompt names
   */
  default CompiledIntent compile(String prompt, PolicyView policy) {
    return compile(prompt, policy, IntentCompilerOptions.defaults());
  }

  /**
   * Compiles a prompt.
   *
   * @throws IntentAmbiguityException if the prompt names no action clearly enough
   * @throws IntentNarrowingException if the policy removes every action the prompt names
   */
  CompiledIntent compile(String prompt, PolicyView policy, IntentCompilerOptions options);
}
