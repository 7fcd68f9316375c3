package io.ape.core.policy.operator;

import io.ape.api.ConditionSpec;

/**
 * Typed equality for {@code equals} and {@code one_of}: a string argument matches only an
 * identical string (hardened, see {@link StringChecks}); a number argument only a number of
 * exactly equal value ({@code 5} equals {@code 5.0}, but {@code 3.0000000000000001} is not
 * {@code 3}; numeric strings never equal numbers; see {@link Numbers#canonical}); a boolean
 * only the same boolean.
 */
final class Scalars {
  private Scalars() {}

  /** Validates one scalar argument: a string, a number (in its canonical form) or a boolean. */
  static Object argument(ConditionSpec spec, Object argument) {
    if (argument instanceof String s) {
      if (StringChecks.unsafeIndex(s, false) >= 0) {
        throw Arguments.invalid(spec, spec.operator() + ": " + Values.printable(s)
            + " contains a control or invisible character");
      }
      return s;
    }
    if (argument instanceof Boolean) {
      return argument;
    }
    if (argument instanceof Number) {
      Arguments.number(spec, argument);
      return Numbers.canonical(argument);
    }
    throw Arguments.invalid(spec, spec.operator() + " needs a string, a number or a boolean, got "
        + Values.typeName(argument) + " " + Values.printable(argument)
        + (argument instanceof java.util.List ? "; use one_of to compare with several values" : ""));
  }

  /** The comparable form of a value of the given kind, or {@code null} if it has none. */
  static Object comparable(Object value) {
    if (value instanceof String s) {
      return StringChecks.unsafeIndex(s, false) < 0 ? s : null;
    }
    if (value instanceof Boolean) {
      return value;
    }
    if (value instanceof Number && Numbers.rejection(value) == null) {
      return Numbers.canonical(value);
    }
    return null;
  }

  /** Why {@code value} has no comparable form, or {@code null} if it has one. */
  static String whyNotComparable(Object value) {
    if (value instanceof String s) {
      int bad = StringChecks.unsafeIndex(s, false);
      return bad < 0 ? null : "value " + Values.printable(s) + " " + StringChecks.describeUnsafe(s, bad);
    }
    if (value instanceof Boolean) {
      return null;
    }
    if (value instanceof Number) {
      String problem = Numbers.rejection(value);
      return problem == null ? null : "value " + Values.printable(value) + " " + problem;
    }
    return "value " + Values.printable(value) + " is " + Values.typeName(value)
        + ", not a string, number or boolean";
  }
}
