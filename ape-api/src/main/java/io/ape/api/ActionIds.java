package io.ape.api;

import java.util.regex.Pattern;

/**
 * The action-id alphabet: {@code [A-Za-z_][A-Za-z0-9_.:-]{0,127}}, matched exactly.
 *
 * <p>No trailing newline, no whitespace, no Unicode look-alikes. A request with any other id is
 * denied, and a policy containing one does not load.
 *
 * @since 0.1.0
 */
public final class ActionIds {
  private static final Pattern VALID = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:\\-]{0,127}");

  private ActionIds() {}

  /** Returns {@code true} if {@code id} is a well-formed action id. */
  public static boolean isValid(String id) {
    if (id == null || id.isEmpty() || id.length() > 128) {
      return false;
    }
    // Fast path without regex allocation for the common case.
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
      boolean other = (c >= '0' && c <= '9') || c == '.' || c == ':' || c == '-';
      if (!(letter || (i > 0 && other))) {
        return false;
      }
    }
    return true;
  }

  /** The regular expression of the alphabet, for documentation and error messages. */
  public static String pattern() {
    return VALID.pattern();
  }

  /**
   * Renders an id safely for messages: control and non-ASCII characters escaped as
   * {@code \\uXXXX}, truncated to 140 characters.
   */
  public static String printable(String id) {
    if (id == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(Math.min(id.length(), 140) + 8);
    for (int i = 0; i < id.length() && sb.length() < 140; i++) {
      char c = id.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (sb.length() >= 140) {
      sb.append("...");
    }
    return sb.toString();
  }
}
