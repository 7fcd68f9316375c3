package io.ape.core.policy.operator;

import io.ape.api.ConditionSpec;
import io.ape.spi.ConditionOperator;

/**
 * {@code max: 10} (value &lt;= 10) and {@code min: 1} (value &gt;= 1). Numbers only (see
 * {@link Numbers}): NaN, infinities, numeric strings, booleans and magnitudes above 2^53 fail
 * closed with a reason, as value and as argument.
 */
final class NumberBoundOperator implements ConditionOperator {
  static final String MAX = "max";
  static final String MIN = "min";

  private final String name;
  private final boolean upper;

  private NumberBoundOperator(String name, boolean upper) {
    this.name = name;
    this.upper = upper;
  }

  static NumberBoundOperator max() {
    return new NumberBoundOperator(MAX, true);
  }

  static NumberBoundOperator min() {
    return new NumberBoundOperator(MIN, false);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CompiledCondition compile(ConditionSpec spec) {
    double bound = Arguments.number(spec, spec.argument());
    return new Compiled(upper, bound, Values.printable(spec.argument()));
  }

  private static final class Compiled implements CompiledCondition {
    private final boolean upper;
    private final double bound;
    private final String printedBound;

    Compiled(boolean upper, double bound, String printedBound) {
      this.upper = upper;
      this.bound = bound;
      this.printedBound = printedBound;
    }

    @Override
    public boolean test(Object value) {
      if (!Numbers.isAcceptable(value)) {
        return false;
      }
      double v = Numbers.toDouble(value);
      return upper ? v <= bound : v >= bound;
    }

    @Override
    public boolean refuses(Object value) {
      return !Numbers.isAcceptable(value);
    }

    @Override
    public String describeFailure(Object value) {
      String problem = Numbers.rejection(value);
      if (problem != null) {
        return "value " + Values.printable(value) + " " + problem;
      }
      return "value " + Values.printable(value) + (upper ? " is greater than the maximum "
          : " is less than the minimum ") + printedBound;
    }
  }
}
