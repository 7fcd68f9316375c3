package io.ape.core.policy.operator;

import io.ape.api.ConditionSpec;
import io.ape.spi.ConditionOperator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code one_of: ["json", "yaml"]}: the value equals one of the listed scalars (typed, see
 * {@link Scalars}); a set lookup, so its cost does not grow with the list.
 */
final class OneOfOperator implements ConditionOperator {
  static final String NAME = "one_of";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompiledCondition compile(ConditionSpec spec) {
    if (!(spec.argument() instanceof List<?> list) || list.isEmpty()) {
      throw Arguments.invalid(spec, "one_of needs a non-empty list of strings, numbers or booleans, got "
          + Values.typeName(spec.argument()) + " " + Values.printable(spec.argument()));
    }
    Set<Object> allowed = new HashSet<>();
    List<String> printed = new ArrayList<>();
    for (Object o : list) {
      Object scalar = Scalars.argument(spec, o);
      allowed.add(scalar);
      printed.add(Values.printable(o));
    }
    return new Compiled(Set.copyOf(allowed), List.copyOf(printed));
  }

  private static final class Compiled implements CompiledCondition {
    private final Set<Object> allowed;
    private final List<String> printed;

    Compiled(Set<Object> allowed, List<String> printed) {
      this.allowed = allowed;
      this.printed = printed;
    }

    @Override
    public boolean test(Object value) {
      Object c = Scalars.comparable(value);
      return c != null && allowed.contains(c);
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
      return "value " + Values.printable(value) + " is not one of "
          + (printed.size() <= 10 ? printed.toString()
              : printed.subList(0, 10) + " and " + (printed.size() - 10) + " more");
    }
  }
}
