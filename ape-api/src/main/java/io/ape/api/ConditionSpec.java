package io.ape.api;

import java.util.Objects;

/**
 * One parameter condition of a rule, as written in a policy file (not yet compiled).
 *
 * @param parameter the parameter name the condition applies to
 * @param operator the operator name, e.g. {@code prefix} or {@code path_within}
 * @param argument the operator's argument: a String, Number, Boolean, or an unmodifiable
 *     List/Map of those (deep-copied)
 * @param location where the condition was written
 *
 * @since 0.1.0
 */
public record ConditionSpec(String parameter, String operator, Object argument, SourceLocation location) {
  public ConditionSpec {
    Objects.requireNonNull(parameter, "parameter");
    Objects.requireNonNull(operator, "operator");
    argument = ParameterValues.copyValue(argument);
    Objects.requireNonNull(location, "location");
  }
}
