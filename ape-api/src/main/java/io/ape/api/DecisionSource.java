package io.ape.api;

/**
 * Which step of the evaluation order produced a {@link Decision}.
 *
 * @since 0.1.0
 */
public enum DecisionSource {
  /** The action id was malformed (see {@link ActionIds}); always DENY. */
  INVALID_REQUEST,
  /** The action is listed in {@code forbidden_actions}; always DENY. */
  FORBIDDEN_LIST,
  /** The action is listed in {@code escalation_required}; always ESCALATE. */
  ESCALATION_LIST,
  /** A rule for the action matched (all of its conditions held). */
  RULE,
  /** Rules exist for the action but none matched; always DENY with every failed condition. */
  NO_RULE_MATCHED,
  /** The action is listed in {@code allowed_actions}. */
  ALLOWED_LIST,
  /** An external evaluator narrowed an ALLOW to DENY or ESCALATE (or failed: DENY). */
  EXTERNAL_EVALUATOR,
  /** Nothing matched; the policy default applied. */
  DEFAULT,
  /** The engine could not evaluate (an internal error); always DENY. */
  ERROR
}
