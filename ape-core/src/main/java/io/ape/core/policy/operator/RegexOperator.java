package io.ape.core.policy.operator;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.ape.api.ConditionSpec;
import io.ape.spi.ConditionOperator;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code regex: "^[a-z]+\\.txt$"} or a list (any matches): an unanchored search, like Python's
 * {@code re.search} (anchor with {@code ^} and {@code $} yourself), run by RE2/J, whose time is
 * linear in the value's length, so an attacker-controlled value cannot make it hang. Patterns
 * are compiled once at load; an invalid pattern is a policy error with its location. Values get
 * the lenient hardening of {@link StringChecks} (TAB, LF, CR accepted; NUL and other control
 * characters refused).
 */
final class RegexOperator implements ConditionOperator {
  static final String NAME = "regex";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public CompiledCondition compile(ConditionSpec spec) {
    List<String> sources = regexes(spec);
    List<Pattern> patterns = new ArrayList<>(sources.size());
    for (String source : sources) {
      try {
        patterns.add(Pattern.compile(source));
      } catch (PatternSyntaxException e) {
        throw Arguments.invalid(spec, "invalid regular expression " + Values.printable(source)
            + ": " + e.getDescription() + " (RE2 syntax: no backreferences or lookaround)");
      } catch (RuntimeException e) {
        throw Arguments.invalid(spec, "invalid regular expression " + Values.printable(source)
            + ": " + e.getMessage());
      }
    }
    return new Compiled(patterns.toArray(new Pattern[0]), sources);
  }

  private static List<String> regexes(ConditionSpec spec) {
    Object argument = spec.argument();
    List<String> out = new ArrayList<>();
    if (argument instanceof String s) {
      out.add(s);
    } else if (argument instanceof List<?> list && !list.isEmpty()) {
      for (Object o : list) {
        if (!(o instanceof String s)) {
          throw Arguments.invalid(spec, "regex needs strings, but an entry is " + Values.typeName(o));
        }
        out.add(s);
      }
    } else {
      throw Arguments.invalid(spec, "regex needs a regular expression or a non-empty list of them, got "
          + Values.typeName(argument) + " " + Values.printable(argument));
    }
    for (String s : out) {
      if (s.isEmpty()) {
        throw Arguments.invalid(spec, "regex: an empty pattern matches everything; remove the condition instead");
      }
    }
    return out;
  }

  private static final class Compiled extends StringCondition {
    private final Pattern[] patterns;
    private final String expected;

    Compiled(Pattern[] patterns, List<String> sources) {
      super(true);
      this.patterns = patterns;
      this.expected = sources.size() == 1 ? "the regular expression " + Values.printable(sources.get(0))
          : "any of the regular expressions " + Values.printableList(sources);
    }

    @Override
    boolean holds(String value) {
      for (Pattern p : patterns) {
        if (p.matcher(value).find()) {
          return true;
        }
      }
      return false;
    }

    @Override
    String describe(String value) {
      return "value " + Values.printable(value) + " does not match " + expected;
    }
  }
}
