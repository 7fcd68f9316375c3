package io.ape.testkit.sample;

import io.ape.api.ConditionSpec;
import io.ape.api.PolicyProblem;
import io.ape.api.PolicyValidationException;
import io.ape.spi.ConditionOperator;
import java.util.List;

/** {@code starts_with: "x"}: the value is a string without control characters starting with x. */
public class SampleOperator implements ConditionOperator {
  @Override
  public String name() {
    return "starts_with";
  }

  @Override
  public CompiledCondition compile(ConditionSpec spec) {
    if (!(spec.argument() instanceof String prefix) || prefix.isEmpty()) {
      throw new PolicyValidationException(List.of(new PolicyProblem(spec.location(),
          spec.parameter() + ".starts_with", "takes a non-empty string")));
    }
    return new CompiledCondition() {
      @Override
      public boolean test(Object value) {
        return readable(value) && ((String) value).startsWith(prefix);
      }

      @Override
      public String describeFailure(Object value) {
        return readable(value) ? "does not start with " + prefix : "is not a plain string";
      }

      @Override
      public boolean refuses(Object value) {
        return !readable(value);
      }
    };
  }

  static boolean readable(Object value) {
    return value instanceof String s && s.chars().noneMatch(Character::isISOControl);
  }
}
