package io.ape.api;

/**
 * What a policy says about an action before its parameters are known: the view an intent
 * compiler narrows a prompt with.
 *
 * <p>{@link #bestOutcome} is an upper bound, never a permission: it is the most permissive
 * outcome the policy can reach for the action with some parameters (ALLOW &gt; ESCALATE &gt;
 * DENY). An action whose best outcome is DENY can never run, so a compiler forbids it; one whose
 * best outcome is ESCALATE is kept as an escalation; one whose best outcome is ALLOW may still
 * be denied or escalated when the policy is evaluated with the step's real parameters, which
 * always happens before authority is issued. This makes the view correct for every policy
 * shape: explicit allow, forbidden and escalation lists, rules-only policies with conditions,
 * and default-allow or default-escalate policies.
 *
 * <p>Implementations are immutable, thread-safe, never throw, and answer DENY for a malformed
 * or {@code null} action id.
 *
 * @since 0.1.0
 */
public interface PolicyView {
  /** The most permissive outcome the policy can give {@code actionId} for some parameters. */
  Outcome bestOutcome(String actionId);

  /**
   * Whether the outcome for {@code actionId} depends on the parameters (a rule with conditions
   * decides it). Informational: the compiler records it in the narrowing log.
   */
  default boolean dependsOnParameters(String actionId) {
    return false;
  }

  /** The version (digest) of the policy this view was taken from, or {@code ""}. */
  default String policyVersion() {
    return "";
  }
}
