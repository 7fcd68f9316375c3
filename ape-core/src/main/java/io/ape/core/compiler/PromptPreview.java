package io.ape.core.compiler;

import io.ape.api.ActionIds;

/**
 * A short, escaped prefix of a prompt for error messages (the Python original echoed up to
 * 100 characters, WEAK-39): at most {@value #MAX} characters, control and non-ASCII
 * characters escaped, {@code ...} when cut.
 */
final class PromptPreview {
  static final int MAX = 24;

  private PromptPreview() {}

  static String of(String prompt) {
    String s = prompt.strip();
    return s.length() <= MAX ? "'" + ActionIds.printable(s) + "'"
        : "'" + ActionIds.printable(s.substring(0, MAX)) + "...'";
  }
}
