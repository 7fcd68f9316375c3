package io.ape.core.internal;

/** Safe rendering of untrusted strings for messages and reasons. */
public final class Printable {
  private static final int MAX_PRINTED = 96;

  private Printable() {}

  /**
   * The string quoted with {@code '}, control, invisible and non-ASCII characters (and
   * {@code '} and {@code \}) escaped as {@code \\uXXXX}, truncated to about 100 characters.
   * {@code null} is rendered as {@code null}.
   */
  public static String quoted(String s) {
    if (s == null) {
      return "null";
    }
    if (s.length() < MAX_PRINTED && isPlain(s)) {
      return "'" + s + "'"; // what the loop below produces for such a string
    }
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_PRINTED) + 8).append('\'');
    for (int i = 0; i < s.length(); i++) {
      if (sb.length() >= MAX_PRINTED) {
        sb.append("...(").append(s.length()).append(" chars)");
        break;
      }
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '\'' || c == '\\') {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('\'').toString();
  }

  /** Whether every character is printable ASCII other than a quote or a backslash. */
  private static boolean isPlain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '\'' || c == '\\') {
        return false;
      }
    }
    return true;
  }
}
