package io.ape.core.policy.operator;

import io.ape.api.ConditionSpec;
import io.ape.core.internal.ListValues;
import io.ape.spi.ConditionOperator;
import java.util.List;
import java.util.Map;

/**
 * {@code count: {max: 10}} (and/or {@code min}): the value is a list value
 * ({@link ListValues}) with that many elements, bounds inclusive. A value that is not a list is
 * one it cannot judge.
 */
final class CountOperator implements ConditionOperator {
  static final String NAME = "count";
  private static final List<String> KEYS = List.of("min", "max");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompiledCondition compile(ConditionSpec spec) {
    if (!(spec.argument() instanceof Map<?, ?> map) || map.isEmpty()) {
      throw Arguments.invalid(spec, "count needs a mapping with 'max' and/or 'min', for example"
          + " 'count: {max: 10}', got " + Values.typeName(spec.argument()) + " "
          + Values.printable(spec.argument()));
    }
    Arguments.onlyKeys(spec, map, KEYS);
    long min = map.containsKey("min") ? Arguments.wholeNumber(spec, map.get("min"), "count.min")
        : 0;
    long max = map.containsKey("max") ? Arguments.wholeNumber(spec, map.get("max"), "count.max")
        : Long.MAX_VALUE;
    if (min > max) {
      throw Arguments.invalid(spec, "count: min " + min + " is greater than max " + max
          + "; no list would ever match");
    }
    return new Compiled(min, max);
  }

  private static final class Compiled implements CompiledCondition {
    private final long min;
    private final long max;

    Compiled(long min, long max) {
      this.min = min;
      this.max = max;
    }

    @Override
    public boolean test(Object value) {
      List<?> elements = ListValues.elements(value);
      return elements != null && elements.size() >= min && elements.size() <= max;
    }

    @Override
    public boolean refuses(Object value) {
      return ListValues.elements(value) == null;
    }

    @Override
    public String describeFailure(Object value) {
      List<?> elements = ListValues.elements(value);
      if (elements == null) {
        return "value " + Values.printable(value) + " is " + Values.typeName(value)
            + ", not a list (count counts list elements)";
      }
      return "the list has " + elements.size() + " element" + (elements.size() == 1 ? "" : "s")
          + (elements.size() > max ? ", more than the maximum of " + max
              : ", fewer than the minimum of " + min);
    }
  }
}
