package io.ape.core.compiler;

/**
 * A short, sanitised prefix of a prompt for error messages (the Python original echoed up to
 * 100 characters, WEAK-39): at most {@value #MAX} characters, anything outside printable ASCII
 * replaced by {@code ?}, quotes replaced by {@code ?}, and {@code ...} when cut.
 */
final class PromptPreview {
  static final int MAX = 24;

  private PromptPreview() {}

  static String of(String prompt) {
    String s = prompt.strip();
    StringBuilder sb = new StringBuilder(MAX + 5).append('\'');
    int n = Math.min(s.length(), MAX);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      sb.append(c >= 0x20 && c <= 0x7e && c != '\'' && c != '"' ? c : '?');
    }
    if (s.length() > MAX) {
      sb.append("...");
    }
    return sb.append('\'').toString();
  }
}
