package io.ape.api;

/**
 * Anything that decides actions: the policy engine implements it, and the authority
 * lifecycle depends only on this interface.
 *
 * <p>Implementations are thread-safe, never throw from {@link #evaluate} (an internal error
 * is a DENY with {@link DecisionSource#ERROR}), and never return {@code null}.
 *
 * @since 0.1.0
 */
public interface PolicyDecisionPoint {
  /** Decides one request. */
  Decision evaluate(ActionRequest request);

  /** The version (SHA-256 digest) of the policy in force. */
  String policyVersion();

  /**
   * Whether a plan step using {@code toTool} may follow one using {@code fromTool}, according
   * to the policy's {@code tool_transitions}. Tools with no transition entry are unconstrained.
   */
  boolean isTransitionAllowed(String fromTool, String toTool);
}
