package io.ape.cli;

/**
 * Makes untrusted text safe to print on a terminal. Policy files, action ids, parameter values
 * and decision reasons may contain escape sequences or bidirectional controls that would
 * rewrite the terminal or disguise what is shown; every such character is printed as
 * {@code \\uXXXX} instead. Printable Unicode is kept.
 */
final class Text {
  private Text() {}

  /** {@code s} with control, format (bidi) and unassigned characters escaped. */
  static String printable(String s) {
    if (s == null) {
      return "null";
    }
    int i = 0;
    while (i < s.length() && isSafe(s.charAt(i))) {
      i++;
    }
    if (i == s.length()) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length() + 16).append(s, 0, i);
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isSafe(c)) {
        sb.append(c);
      } else {
        sb.append(String.format("\\u%04x", (int) c));
      }
    }
    return sb.toString();
  }

  /**
   * {@code s} as one double-quoted line that reads back unambiguously: {@code \n}, {@code \r},
   * {@code \t}, {@code \"} and {@code \\} escaped as in Java or JSON, every other control,
   * format (bidi) or unassigned character as {@code \}{@code uXXXX}. A newline in the value can
   * therefore never start a new line of output. {@code null} is {@code null} (unquoted).
   */
  static String quoted(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (isSafe(c)) {
            sb.append(c);
          } else {
            sb.append(String.format("\\u%04x", (int) c));
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** {@link #printable} of {@code String.valueOf(value)}. */
  static String printable(Object value) {
    return printable(String.valueOf(value));
  }

  private static boolean isSafe(char c) {
    if (c >= 0x20 && c < 0x7f) {
      return true;
    }
    if (c < 0x20 || c == 0x7f) {
      return false;
    }
    if (Character.isSurrogate(c)) {
      return true;
    }
    int type = Character.getType(c);
    return type != Character.CONTROL && type != Character.FORMAT && type != Character.UNASSIGNED
        && type != Character.PRIVATE_USE && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR;
  }
}
