package io.ape.mcp;

import java.util.List;

/**
 * Makes untrusted text (server output, tool descriptions) safe to show on one terminal line:
 * control characters (including ANSI escape sequences' ESC) and Unicode line separators become
 * spaces or escapes, known secret values are masked, token-shaped words are masked, and the text
 * is cut to a bounded length.
 */
final class TextSafety {
  static final int MAX_CHARS = 200;
  /** Shorter secret values are not masked (masking every "a" or "ab" would garble all text). */
  static final int MIN_SECRET_CHARS = 4;

  private TextSafety() {}

  /** One line, secrets and token-shaped words masked, at most {@link #MAX_CHARS} characters. */
  static String scrub(String text, List<String> secrets) {
    return scrub(text, secrets, MAX_CHARS);
  }

  /** One line, secrets and token-shaped words masked, at most {@code max} characters. */
  static String scrub(String text, List<String> secrets, int max) {
    String t = text == null ? "" : text;
    for (String s : secrets) {
      if (s != null && s.length() >= MIN_SECRET_CHARS) {
        t = t.replace(s, SecretValues.MASK);
      }
    }
    StringBuilder out = new StringBuilder();
    for (String word : oneLine(t, max).split(" ", -1)) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(Redactor.redactValue(word));
      if (out.length() > max) {
        break;
      }
    }
    return cut(out.toString(), max);
  }

  /** Control and line-separator characters replaced by spaces; cut to {@link #MAX_CHARS}. */
  static String oneLine(String text) {
    return oneLine(text, MAX_CHARS);
  }

  /** Control and line-separator characters replaced by spaces; cut to {@code max} characters. */
  static String oneLine(String text, int max) {
    if (text == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(Math.min(text.length(), max + 1));
    for (int i = 0; i < text.length() && sb.length() <= max; i++) {
      char c = text.charAt(i);
      boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)
          || c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e')
          || (c >= '\u2066' && c <= '\u2069');
      sb.append(control ? ' ' : c);
    }
    return sb.length() > max ? sb.substring(0, cutPoint(sb, max)) + "…" : sb.toString();
  }

  private static String cut(String s, int max) {
    return s.length() > max ? s.substring(0, cutPoint(s, max)) + "…" : s;
  }

  /** {@code max}, or one less so that a surrogate pair is not split. */
  private static int cutPoint(CharSequence s, int max) {
    return max > 0 && Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
  }
}
