package io.ape.core.policy.operator;

import io.ape.api.ConditionSpec;
import io.ape.core.internal.Glob;
import io.ape.spi.ConditionOperator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code allowlist} (the value matches at least one glob) and {@code denylist} (the value
 * matches none). See {@link Glob} for the syntax: case-sensitive, {@code *} crosses {@code /}
 * and {@code .}. A value that is not a normalised path ({@code ..}, {@code .} or empty
 * segments, see {@link StringChecks#isUnnormalisedPath}) satisfies neither, and neither can
 * judge it: an unnormalised path cannot be shown to be inside (or outside) a set of globs.
 */
final class GlobListOperator implements ConditionOperator {
  static final String ALLOWLIST = "allowlist";
  static final String DENYLIST = "denylist";

  private final String name;
  private final boolean allow;

  private GlobListOperator(String name, boolean allow) {
    this.name = name;
    this.allow = allow;
  }

  static GlobListOperator allowlist() {
    return new GlobListOperator(ALLOWLIST, true);
  }

  static GlobListOperator denylist() {
    return new GlobListOperator(DENYLIST, false);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CompiledCondition compile(ConditionSpec spec) {
    List<String> globs = Arguments.stringOrList(spec, spec.argument(), "glob");
    Set<String> exact = new HashSet<>();
    List<Glob> wild = new ArrayList<>();
    for (String g : globs) {
      Glob glob = Glob.compile(g);
      if (glob.isExact()) {
        exact.add(g);
      } else {
        wild.add(glob);
      }
    }
    return new Compiled(allow, Set.copyOf(exact), wild.toArray(new Glob[0]), globs);
  }

  private static final class Compiled extends StringCondition {
    private final boolean allow;
    private final Set<String> exact;
    private final Glob[] wild;
    private final String globs;
    private final boolean backslashSeparated;

    Compiled(boolean allow, Set<String> exact, Glob[] wild, List<String> globs) {
      super(false);
      this.backslashSeparated = StringChecks.backslashSeparated(globs);
      this.allow = allow;
      this.exact = exact;
      this.wild = wild;
      this.globs = Values.printableList(globs);
    }

    @Override
    boolean holds(String value) {
      if (StringChecks.isUnnormalisedPath(value, backslashSeparated)) {
        return false;
      }
      return matchesAny(value) == allow;
    }

    private boolean matchesAny(String value) {
      if (!exact.isEmpty() && exact.contains(value)) {
        return true;
      }
      for (Glob g : wild) {
        if (g.matches(value)) {
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
            + StringChecks.describeUnnormalised(value, allow ? ALLOWLIST : DENYLIST);
      }
      return allow
          ? "value " + Values.printable(value) + " matches none of " + globs
          : "value " + Values.printable(value) + " matches the denylist " + globs;
    }
  }
}
