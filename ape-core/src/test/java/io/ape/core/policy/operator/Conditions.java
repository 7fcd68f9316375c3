package io.ape.core.policy.operator;

import io.ape.api.ConditionSpec;
import io.ape.api.SourceLocation;
import io.ape.spi.ConditionOperator.CompiledCondition;

/** Compiles built-in conditions for tests. */
final class Conditions {
  static final SourceLocation LOCATION = new SourceLocation("policy.yaml", 12, 9);

  private Conditions() {}

  static ConditionSpec spec(String operator, Object argument) {
    return new ConditionSpec("p", operator, argument, LOCATION);
  }

  static CompiledCondition compile(String operator, Object argument) {
    return ConditionOperators.builtIns().find(operator).orElseThrow().compile(spec(operator, argument));
  }
}
