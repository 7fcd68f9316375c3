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

  /**
   * Whether {@code prefix}, {@code allowlist} and {@code denylist} cannot judge {@code s} as a
   * path: it has a {@code ..} segment anywhere ({@link #hasDotDotSegment}) or is otherwise not in
   * normal form ({@link #hasUnnormalisedSegment}).
   */
  static boolean isUnnormalisedPath(String s, boolean backslashSeparated) {
    return hasDotDotSegment(s) || hasUnnormalisedSegment(s)
        || (!backslashSeparated && s.indexOf('\\') >= 0);
  }

  /**
   * Whether a condition's arguments are written with backslashes as separators (Windows
   * style): every one has a backslash and none has a {@code /}. Otherwise a value with a
   * backslash is one the condition cannot judge, since {@code \\etc\\passwd} names
   * {@code /etc/passwd} to a tool that reads backslashes as separators.
   */
  static boolean backslashSeparated(java.util.List<String> arguments) {
    return !arguments.isEmpty() && arguments.stream()
        .allMatch(a -> a.indexOf('\\') >= 0 && a.indexOf('/') < 0);
  }

  /** Why {@link #isUnnormalisedPath} refuses {@code s}, for reasons. */
  static String describeUnnormalised(String s, String operator) {
    if (hasDotDotSegment(s)) {
      return "contains a '..' path segment (refused by " + operator + ")";
    }
    if (!hasUnnormalisedSegment(s) && s.indexOf('\\') >= 0) {
      return "contains a backslash, a separator on Windows and a name character on POSIX"
          + " (refused by " + operator + ")";
    }
    return "is not a normalised path: it has a '.' or empty path segment, or a percent-encoded"
        + " dot segment or separator (refused by " + operator + ")";
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

  /**
   * Whether a path-like value is not in normal form, so that comparing it as a string could
   * disagree with the file (or resource) it names: it has a {@code .} or {@code ..} segment
   * (also at its start or end: {@code ./a}, {@code /a/.}), an empty segment ({@code //},
   * {@code /\}, also a leading {@code //}), or a percent-encoded dot segment or separator
   * ({@code %2e}, {@code %2f}, {@code %5c}, which URL parsers decode). Segments are separated by
   * {@code /} and {@code \}. In a URL ({@code scheme://...}) the {@code //} after the scheme is
   * part of the syntax, and the query and fragment ({@code ?...}, {@code #...}) are not
   * examined.
   *
   * <p>{@code prefix}, {@code allowlist} and {@code denylist} cannot judge such a value:
   * {@code /etc/./passwd}, {@code //etc/passwd} and {@code /srv/../etc/passwd} all open
   * {@code /etc/passwd}, but none starts with {@code /etc/}. (Normalising first was the other
   * option; it was not taken because these operators compare strings that are not always
   * paths, and a normalisation that is right for POSIX paths is wrong for URLs and
   * identifiers: refusing is right for all of them.)
   */
  static boolean hasUnnormalisedSegment(String s) {
    int from = 0;
    int end = s.length();
    int scheme = schemeLength(s);
    if (scheme > 0) {
      from = scheme + 3; // after "scheme://"
      for (int i = from; i < end; i++) {
        char c = s.charAt(i);
        if (c == '?' || c == '#') {
          end = i;
          break;
        }
      }
    }
    boolean slash = false;
    boolean backslash = false;
    for (int i = from; i < end; i++) {
      char c = s.charAt(i);
      slash |= c == '/';
      backslash |= c == '\\';
      if (c == '%' && i + 3 <= end && isEncodedSeparator(s, i)) {
        return true;
      }
    }
    if (slash && backslash) {
      return true; // both separators: POSIX and Windows read different paths
    }
    int segmentStart = from;
    for (int i = from; i <= end; i++) {
      if (i < end && !isSeparator(s.charAt(i))) {
        continue;
      }
      if (i > segmentStart) {
        if (isDotSegment(s, segmentStart, i)) {
          return true;
        }
      } else if (i < end && i > from && isSeparator(s.charAt(i - 1))) {
        return true; // an empty segment between two separators
      }
      segmentStart = i + 1;
    }
    return false;
  }

  /** The length of a leading {@code scheme} followed by {@code ://}, or 0. */
  private static int schemeLength(String s) {
    int colon = s.indexOf("://");
    if (colon <= 0) {
      return 0;
    }
    for (int i = 0; i < colon; i++) {
      char c = s.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      boolean other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
      if (!(letter || (i > 0 && other))) {
        return 0;
      }
    }
    return colon;
  }

  /** Whether {@code s[from, to)} is {@code .} or {@code ..}, written plainly or as {@code %2e}. */
  private static boolean isDotSegment(String s, int from, int to) {
    int dots = 0;
    int i = from;
    while (i < to) {
      if (s.charAt(i) == '.') {
        i++;
      } else if (s.charAt(i) == '%' && i + 3 <= to && s.charAt(i + 1) == '2'
          && (s.charAt(i + 2) == 'e' || s.charAt(i + 2) == 'E')) {
        i += 3;
      } else {
        return false;
      }
      dots++;
    }
    return dots == 1 || dots == 2;
  }

  private static boolean isEncodedSeparator(String s, int i) {
    char a = s.charAt(i + 1);
    char b = s.charAt(i + 2);
    return (a == '2' && (b == 'f' || b == 'F')) || (a == '5' && (b == 'c' || b == 'C'));
  }
}
