package io.ape.core.policy.operator;

/**
 * The string hardening of DESIGN §4 item 5.
 *
 * <p><b>Strict</b> (every string-comparing operator): a value containing a control character
 * (Unicode Cc: U+0000-U+001F, U+007F-U+009F, so also TAB, CR and LF), a format character (Cf:
 * bidi overrides, zero-width characters), a line or paragraph separator, or an unpaired
 * surrogate never satisfies a condition. <b>Lenient</b> (regex, which often checks multi-line
 * text such as queries): the same, except that TAB, LF, CR and format characters are
 * accepted; NUL and the other control characters still fail.
 */
final class StringChecks {
  private StringChecks() {}

  /**
   * The index of the first character refused by the check, or {@code -1}.
   *
   * @param lenient {@code true} to accept TAB, LF, CR and format characters
   */
  static int unsafeIndex(String s, boolean lenient) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        continue;
      }
      if (!isAcceptable(s, i, c, lenient)) {
        return i;
      }
      if (Character.isHighSurrogate(c)) {
        i++; // the low surrogate was checked by isAcceptable
      }
    }
    return -1;
  }

  private static boolean isAcceptable(String s, int i, char c, boolean lenient) {
    if (lenient && (c == '\t' || c == '\n' || c == '\r')) {
      return true;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
          && acceptableType(Character.getType(Character.toCodePoint(c, s.charAt(i + 1))), lenient);
    }
    if (Character.isLowSurrogate(c)) {
      return false;
    }
    return acceptableType(Character.getType(c), lenient);
  }

  private static boolean acceptableType(int type, boolean lenient) {
    switch (type) {
      case Character.CONTROL:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.SURROGATE:
        return false;
      case Character.FORMAT:
        return lenient;
      default:
        return true;
    }
  }

  /** A reason for a refused character, e.g. {@code contains the control character U+0000 at index 4}. */
  static String describeUnsafe(String s, int index) {
    char c = s.charAt(index);
    String kind = Character.getType(c) == Character.FORMAT ? "invisible format character"
        : Character.isSurrogate(c) ? "unpaired surrogate" : "control character";
    return "contains the " + kind + " " + String.format("U+%04X", (int) c) + " at index " + index
        + " (refused by every string condition)";
  }

  /** {@code true} if {@code s} has a {@code ..} segment between {@code /} or {@code \} separators. */
  static boolean hasDotDotSegment(String s) {
    int from = 0;
    while (true) {
      int i = s.indexOf("..", from);
      if (i < 0) {
        return false;
      }
      boolean startOk = i == 0 || isSeparator(s.charAt(i - 1));
      boolean endOk = i + 2 == s.length() || isSeparator(s.charAt(i + 2));
      if (startOk && endOk) {
        return true;
      }
      from = i + 1;
    }
  }

  private static boolean isSeparator(char c) {
    return c == '/' || c == '\\';
  }
}
