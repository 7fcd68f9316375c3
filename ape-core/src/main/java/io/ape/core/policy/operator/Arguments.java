package io.ape.core.policy.operator;

import io.ape.api.ConditionSpec;
import io.ape.api.PolicyProblem;
import io.ape.api.PolicyValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Validation helpers for operator arguments; every error names the condition's location. */
final class Arguments {
  private Arguments() {}

  /** A validation error located at the condition. */
  static PolicyValidationException invalid(ConditionSpec spec, String message) {
    return new PolicyValidationException(List.of(new PolicyProblem(spec.location(),
        "conditions." + spec.parameter() + "." + spec.operator(), message)));
  }

  /**
   * A non-empty string or a non-empty list of non-empty strings, as a list.
   *
   * @param what what the strings are, for messages ({@code "prefix"})
   */
  static List<String> stringOrList(ConditionSpec spec, Object argument, String what) {
    List<String> out = new ArrayList<>();
    if (argument instanceof String s) {
      out.add(nonEmpty(spec, s, what));
    } else if (argument instanceof List<?> list) {
      if (list.isEmpty()) {
        throw invalid(spec, spec.operator() + " needs at least one " + what
            + "; an empty list would never match");
      }
      for (Object o : list) {
        if (!(o instanceof String s)) {
          throw invalid(spec, spec.operator() + " needs a list of strings, but an entry is "
              + Values.typeName(o) + " " + Values.printable(o));
        }
        out.add(nonEmpty(spec, s, what));
      }
    } else {
      throw invalid(spec, spec.operator() + " needs a " + what + " or a list of them, got "
          + Values.typeName(argument) + " " + Values.printable(argument));
    }
    return List.copyOf(out);
  }

  private static String nonEmpty(ConditionSpec spec, String s, String what) {
    if (s.isEmpty()) {
      throw invalid(spec, spec.operator() + ": an empty " + what + " is not allowed");
    }
    int bad = StringChecks.unsafeIndex(s, false);
    if (bad >= 0) {
      throw invalid(spec, spec.operator() + ": the " + what + " " + Values.printable(s)
          + " contains a control or invisible character at index " + bad);
    }
    return s;
  }

  /** A number argument within the supported range, as its exact decimal value. */
  static java.math.BigDecimal number(ConditionSpec spec, Object argument) {
    String problem = Numbers.rejection(argument);
    if (problem != null) {
      throw invalid(spec, spec.operator() + " needs a finite number within +/-2^53, but "
          + Values.printable(argument) + " " + problem);
    }
    return Numbers.exact(argument);
  }

  /** A whole number argument of at least 0. */
  static long wholeNumber(ConditionSpec spec, Object argument, String what) {
    if (!(argument instanceof Number) || Numbers.rejection(argument) != null) {
      throw invalid(spec, what + " needs a non-negative whole number, got "
          + Values.printable(argument));
    }
    java.math.BigDecimal n = Numbers.exact(argument);
    if (n.signum() < 0 || n.stripTrailingZeros().scale() > 0) {
      throw invalid(spec, what + " needs a non-negative whole number, got "
          + Values.printable(argument));
    }
    return n.longValueExact();
  }

  /** A map argument's keys must all be in {@code allowed}. */
  static void onlyKeys(ConditionSpec spec, Map<?, ?> map, List<String> allowed) {
    for (Object key : map.keySet()) {
      if (!allowed.contains(key)) {
        throw invalid(spec, spec.operator() + ": unknown key " + Values.printable(key)
            + "; allowed keys are " + allowed);
      }
    }
  }
}
