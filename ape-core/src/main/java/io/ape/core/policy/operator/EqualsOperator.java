package io.ape.core.policy.operator;

import io.ape.api.ConditionSpec;
import io.ape.spi.ConditionOperator;

/** {@code equals: "main"} / {@code equals: 3} / {@code equals: true}: typed equality, see {@link Scalars}. */
final class EqualsOperator implements ConditionOperator {
  static final String NAME = "equals";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompiledCondition compile(ConditionSpec spec) {
    return new Compiled(Scalars.argument(spec, spec.argument()), Values.printable(spec.argument()));
  }

  private static final class Compiled implements CompiledCondition {
    private final Object expected;
    private final String printedExpected;

    Compiled(Object expected, String printedExpected) {
      this.expected = expected;
      this.printedExpected = printedExpected;
    }

    @Override
    public boolean test(Object value) {
      return expected.equals(Scalars.comparable(value));
    }

    @Override
    public boolean refuses(Object value) {
      return Scalars.comparable(value) == null;
    }

    @Override
    public String describeFailure(Object value) {
      String why = Scalars.whyNotComparable(value);
      if (why != null) {
        return why;
      }
      return "value " + Values.printable(value) + " does not equal " + printedExpected
          + (!Values.typeName(expected).equals(Values.typeName(value))
              ? " (expected " + Values.typeName(expected) + ", got " + Values.typeName(value) + ")" : "");
    }
  }
}
