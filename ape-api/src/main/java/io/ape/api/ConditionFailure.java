package io.ape.api;

import java.util.Objects;

/**
 * One condition of a rule that did not hold, with a human-readable reason.
 *
 * @param ruleId the id of the rule the condition belongs to
 * @param parameter the parameter the condition constrains
 * @param operator the operator name, e.g. {@code path_within}
 * @param reason why it failed, e.g. {@code parameter 'path' is absent}
 *
 * @since 0.1.0
 */
public record ConditionFailure(String ruleId, String parameter, String operator, String reason) {
  public ConditionFailure {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(parameter, "parameter");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return ruleId + ": " + parameter + " " + operator + ": " + reason;
  }
}
