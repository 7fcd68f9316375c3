package io.ape.mcp;

/**
 * Writes YAML scalars and comments that are safe whatever the input: every string is a
 * double-quoted scalar in which everything outside printable ASCII is escaped ({@code \\uXXXX},
 * {@code \\UXXXXXXXX}), so no input can end the scalar, start a new line, or smuggle a YAML line
 * break (YAML 1.1 treats NEL, LS and PS as line breaks); comments keep printable ASCII only and
 * are bounded in length.
 */
final class YamlText {
  private YamlText() {}

  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    sb.append('"');
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '"') {
        sb.append("\\\"");
      } else if (cp == '\\') {
        sb.append("\\\\");
      } else if (cp >= 0x20 && cp < 0x7f) {
        sb.append((char) cp);
      } else if (cp <= 0xffff) {
        sb.append(String.format("\\u%04x", cp));
      } else {
        sb.append(String.format("\\U%08x", cp));
      }
    }
    return sb.append('"').toString();
  }

  /** Longest comment body written; longer text is cut and ends with {@code ...}. */
  static final int MAX_COMMENT_CHARS = 300;

  /**
   * A comment body: printable ASCII only (anything else, line breaks and ESC included, becomes
   * {@code ?}), so it cannot leave its comment line, at most {@link #MAX_COMMENT_CHARS}
   * characters.
   */
  static String comment(String s) {
    int n = Math.min(s.length(), MAX_COMMENT_CHARS);
    StringBuilder sb = new StringBuilder(n + 3);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      sb.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return s.length() > MAX_COMMENT_CHARS ? sb.append("...").toString() : sb.toString();
  }
}
