package io.ape.core.policy.operator;

import io.ape.api.ConditionSpec;
import io.ape.spi.ConditionOperator;
import java.util.List;

/**
 * {@code suffix: ".txt"} or a list: the value ends with one of the suffixes, compared exactly
 * (case-sensitive).
 */
final class SuffixOperator implements ConditionOperator {
  static final String NAME = "suffix";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompiledCondition compile(ConditionSpec spec) {
    List<String> suffixes = Arguments.stringOrList(spec, spec.argument(), "suffix");
    return new Compiled(suffixes.toArray(new String[0]), suffixes);
  }

  private static final class Compiled extends StringCondition {
    private final String[] suffixes;
    private final String expected;

    Compiled(String[] suffixes, List<String> list) {
      super(false);
      this.suffixes = suffixes;
      this.expected = Values.oneOrAnyOf(list);
    }

    @Override
    boolean holds(String value) {
      for (String s : suffixes) {
        if (value.endsWith(s)) {
          return true;
        }
      }
      return false;
    }

    @Override
    String describe(String value) {
      return "value " + Values.printable(value) + " does not end with " + expected;
    }
  }
}
