package io.ape.core.policy.operator;

import io.ape.core.internal.Printable;
import java.util.List;
import java.util.Map;

/** Safe rendering of parameter values for reasons and messages. */
final class Values {
  private static final int MAX_PRINTED = 96;

  private Values() {}

  /** "a string", "a number", ... for messages. */
  static String typeName(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String) {
      return "a string";
    }
    if (v instanceof Boolean) {
      return "a boolean";
    }
    if (v instanceof Number) {
      return "a number";
    }
    if (v instanceof Map) {
      return "an object";
    }
    if (v instanceof List) {
      return "a list";
    }
    return "a " + v.getClass().getSimpleName();
  }

  /**
   * A value rendered for humans: strings quoted with control, invisible and non-ASCII
   * characters escaped as {@code \\uXXXX}, everything truncated to about 100 characters.
   */
  static String printable(Object v) {
    if (v instanceof String) {
      return Printable.quoted((String) v);
    }
    if (v instanceof Map || v instanceof List) {
      return typeName(v);
    }
    String s = String.valueOf(v);
    return s.length() > MAX_PRINTED ? s.substring(0, MAX_PRINTED) + "..." : s;
  }

  /** {@code 'x'} for one string, {@code any of ['x', 'y']} for several. */
  static String oneOrAnyOf(List<String> values) {
    return values.size() == 1 ? printable(values.get(0)) : "any of " + printableList(values);
  }

  /** A list of strings rendered for humans. */
  static String printableList(List<String> values) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      if (i == 10) {
        sb.append("... ").append(values.size() - 10).append(" more");
        break;
      }
      sb.append(printable(values.get(i)));
    }
    return sb.append(']').toString();
  }
}
