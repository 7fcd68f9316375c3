package io.ape.core.actions;

import io.ape.api.ActionIds;

/**
 * Renders untrusted keys and values for error messages: short, with control and non-ASCII
 * characters escaped, so that an error never carries a long or invisible payload.
 */
final class Printable {
  private static final int MAX_CHARS = 40;

  private Printable() {}

  /** A short, escaped rendering of a value (strings quoted). */
  static String value(Object value) {
    if (value instanceof String s) {
      return "'" + text(s) + "'";
    }
    if (value == null) {
      return "null";
    }
    if (value instanceof java.util.Map || value instanceof java.util.List) {
      return JsonTypes.typeName(value);
    }
    return text(String.valueOf(value));
  }

  /** A short, escaped rendering of a string (not quoted). */
  static String text(String s) {
    return s.length() <= MAX_CHARS ? ActionIds.printable(s)
        : ActionIds.printable(s.substring(0, MAX_CHARS)) + "...";
  }
}
