package io.ape.core.policy;

import io.ape.api.SourceLocation;
import io.ape.spi.ConditionOperator.CompiledCondition;

/** A compiled condition bound to the parameter it tests. Immutable. */
final class BoundCondition {
  final String parameter;
  final String operator;
  final SourceLocation location;
  final CompiledCondition condition;

  BoundCondition(String parameter, String operator, SourceLocation location,
      CompiledCondition condition) {
    this.parameter = parameter;
    this.operator = operator;
    this.location = location;
    this.condition = condition;
  }
}
