package io.ape.core.policy.operator;

import io.ape.api.ConditionSpec;
import io.ape.spi.ConditionOperator;
import java.util.List;

/**
 * {@code prefix: "/tmp/"} or {@code prefix: ["/tmp/", "/home/"]}: the value starts with one of
 * the prefixes, compared exactly (case-sensitive, no normalisation). A value that is not a
 * normalised path ({@code ..}, {@code .} or empty segments, see
 * {@link StringChecks#isUnnormalisedPath}) is one the condition cannot judge (so
 * {@code /tmp/../etc/passwd} fails {@code /tmp/}, and {@code //etc/passwd} does not get past a
 * deny rule on {@code /etc/}); use {@code path_within} for directory containment.
 */
final class PrefixOperator implements ConditionOperator {
  static final String NAME = "prefix";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompiledCondition compile(ConditionSpec spec) {
    List<String> prefixes = Arguments.stringOrList(spec, spec.argument(), "prefix");
    return new Compiled(prefixes.toArray(new String[0]), prefixes);
  }

  private static final class Compiled extends StringCondition {
    private final String[] prefixes;
    private final String expected;
    private final boolean backslashSeparated;

    Compiled(String[] prefixes, List<String> list) {
      super(false);
      this.backslashSeparated = StringChecks.backslashSeparated(list);
      this.prefixes = prefixes;
      this.expected = Values.oneOrAnyOf(list);
    }

    @Override
    boolean holds(String value) {
      if (StringChecks.isUnnormalisedPath(value, backslashSeparated)) {
        return false;
      }
      for (String p : prefixes) {
        if (value.startsWith(p)) {
          return true;
        }
      }
      return false;
    }

    @Override
    boolean refusesString(String value) {
      return StringChecks.isUnnormalisedPath(value, backslashSeparated);
    }

    @Override
    String describe(String value) {
      if (StringChecks.isUnnormalisedPath(value, backslashSeparated)) {
        return "value " + Values.printable(value) + " "
            + StringChecks.describeUnnormalised(value, "prefix; use path_within");
      }
      return "value " + Values.printable(value) + " does not start with " + expected;
    }
  }
}
