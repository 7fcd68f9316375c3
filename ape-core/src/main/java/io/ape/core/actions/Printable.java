package io.ape.core.actions;

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
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_CHARS) + 8);
    int i = 0;
    for (; i < s.length() && i < MAX_CHARS; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (i < s.length()) {
      sb.append("...");
    }
    return sb.toString();
  }
}
