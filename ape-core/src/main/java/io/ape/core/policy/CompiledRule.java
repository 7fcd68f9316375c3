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

  /**
   * Whether every condition holds (short-circuit; the hot path). An absent parameter fails
   * its condition; a present {@code null} is given to the operator.
   */
  boolean matches(Map<String, Object> parameters) {
    for (BoundCondition c : conditions) {
      Object value = parameters.get(c.parameter);
      if (value == null && !parameters.containsKey(c.parameter)) {
        return false;
      }
      if (!c.condition.test(value)) {
        return false;
      }
    }
    return true;
  }
}
