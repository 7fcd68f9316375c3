package io.ape.core.policy.operator;

import io.ape.api.ConditionSpec;
import io.ape.spi.ConditionOperator;

/**
 * {@code max: 10} (value &lt;= 10) and {@code min: 1} (value &gt;= 1), compared exactly (see
 * {@link Numbers}: {@code 100.00000000000000001} is above {@code max: 100}). Numbers only:
 * NaN, infinities, numeric strings, booleans, magnitudes above 2^53 and subclasses of
 * {@code BigInteger}/{@code BigDecimal} fail closed with a reason, as value and as argument.
 * Whole-number values against a whole-number bound are compared as {@code long}s and doubles
 * against it as doubles (exact, since the bound is at most 2^53); everything else as
 * {@code BigDecimal}s.
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
    java.math.BigDecimal bound = Arguments.number(spec, spec.argument());
    return new Compiled(upper, bound, Values.printable(spec.argument()));
  }

  private static final class Compiled implements CompiledCondition {
    private final boolean upper;
    private final java.math.BigDecimal bound;
    /** Whether the bound is a whole number; then {@link #longBound} is it. */
    private final boolean integral;
    private final long longBound;
    private final String printedBound;

    Compiled(boolean upper, java.math.BigDecimal bound, String printedBound) {
      this.upper = upper;
      this.bound = bound;
      this.integral = bound.signum() == 0 || bound.stripTrailingZeros().scale() <= 0;
      this.longBound = integral ? bound.longValueExact() : 0;
      this.printedBound = printedBound;
    }

    @Override
    public boolean test(Object value) {
      if (integral) {
        if (value instanceof Integer i) {
          return upper ? i <= longBound : i >= longBound;
        }
        if (value instanceof Double d && Numbers.rejection(d) == null) {
          return upper ? d <= (double) longBound : d >= (double) longBound;
        }
      }
      if (!Numbers.isAcceptable(value)) {
        return false;
      }
      if (integral && Numbers.isIntegral(value)) {
        long v = ((Number) value).longValue();
        return upper ? v <= longBound : v >= longBound;
      }
      int c = Numbers.exact(value).compareTo(bound);
      return upper ? c <= 0 : c >= 0;
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
