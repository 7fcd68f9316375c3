package io.ape.core.policy;

import io.ape.api.Decision;
import io.ape.api.Outcome;
import io.ape.api.PolicyRule;
import java.util.Map;

/**
 * A rule compiled for evaluation: its conditions, whether an ALLOW needs trusted parameters,
 * and the decisions it produces, built once at load. Immutable.
 */
final class CompiledRule {
  final PolicyRule rule;
  final int index;
  final Outcome outcome;
  final BoundCondition[] conditions;
  final boolean requiresTrusted;
  /** The decision when the rule matches. */
  final Decision matched;
  /** The DENY when an ALLOW rule that needs trusted parameters gets untrusted ones. */
  final Decision untrustedParameters;

  CompiledRule(PolicyRule rule, int index, BoundCondition[] conditions, boolean requiresTrusted,
      Decision matched, Decision untrustedParameters) {
    this.rule = rule;
    this.index = index;
    this.outcome = rule.decision();
    this.conditions = conditions;
    this.requiresTrusted = requiresTrusted;
    this.matched = matched;
    this.untrustedParameters = untrustedParameters;
  }

  /** The rule does not apply. */
  static final int NO_MATCH = 0;
  /** Every condition holds. */
  static final int MATCH = 1;
  /**
   * A DENY or ESCALATE rule applies because no condition failed and at least one could not
   * judge its parameter: the parameter is absent, or the condition refuses its value (see
   * {@link io.ape.spi.ConditionOperator.CompiledCondition#refuses}).
   */
  static final int MATCH_REFUSED = 2;

  /**
   * Whether conditions that cannot judge their parameter (absent, or a refused value) make
   * this rule match: true for DENY and ESCALATE rules, which must never be bypassed by leaving
   * out or garbling the parameter they inspect.
   */
  boolean matchesOnRefusal() {
    return outcome != Outcome.ALLOW;
  }

  /**
   * Matches the rule against parameters (the hot path; stops at the first failed condition).
   * A condition cannot judge an absent parameter (the operator is never called for one) nor a
   * value it refuses: in an ALLOW rule that is a failed condition, in a DENY or ESCALATE rule
   * it counts towards {@link #MATCH_REFUSED}. A present {@code null} is given to the operator.
   *
   * @return {@link #NO_MATCH}, {@link #MATCH} or {@link #MATCH_REFUSED}
   */
  int match(Map<String, Object> parameters) {
    boolean refused = false;
    for (BoundCondition c : conditions) {
      Object value = parameters.get(c.parameter);
      if (value == null && !parameters.containsKey(c.parameter)) {
        if (outcome == Outcome.ALLOW) {
          return NO_MATCH;
        }
        refused = true;
        continue;
      }
      if (!c.condition.test(value)) {
        if (outcome != Outcome.ALLOW && c.condition.refuses(value)) {
          refused = true;
        } else {
          return NO_MATCH;
        }
      }
    }
    return refused ? MATCH_REFUSED : MATCH;
  }
}
