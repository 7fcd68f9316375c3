package io.ape.policy.yaml.internal;

import io.ape.api.PolicyLimitException;
import io.ape.api.PolicyLimits;
import io.ape.api.SourceLocation;

/**
 * Rejects YAML text with a run of characters that SnakeYAML would scan as one chunk and that is
 * longer than any allowed string: a run without whitespace, or a comment.
 *
 * <p>SnakeYAML scans such a chunk by peeking ever further ahead, and its reader copies its whole
 * window for every 1024 characters it adds, so the time grows with the square of the chunk's
 * length (about 3 s for 4 million characters here, minutes for the 8 MiB default size limit).
 * No valid policy needs such a run, because every scalar and key is limited to
 * {@link PolicyLimits#maxStringLength()} characters; one linear pass over the text stops the
 * attack before SnakeYAML sees it.
 */
final class TokenRunCheck {
  /** Room for a key, indicators and quotes around a string of the maximum length. */
  static final int SLACK = 1024;

  private TokenRunCheck() {}

  static void check(String text, String source, PolicyLimits limits) {
    long maximum = (long) limits.maxStringLength() + SLACK;
    int line = 1;
    int column = 1;
    int runStart = -1;
    int runLine = 0;
    int runColumn = 0;
    boolean comment = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean lineBreak = c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028'
          || c == '\u2029';
      boolean space = c == ' ' || c == '\t';
      if (lineBreak) {
        comment = false;
        runStart = -1;
      } else if (c == '#' && (i == 0 || isBlank(text.charAt(i - 1)))) {
        comment = true;
        runStart = i;
        runLine = line;
        runColumn = column;
      } else if (space && !comment) {
        runStart = -1;
      } else if (runStart < 0) {
        runStart = i;
        runLine = line;
        runColumn = column;
      }
      if (runStart >= 0 && i - runStart + 1 > maximum) {
        throw new PolicyLimitException(new SourceLocation(source, runLine, runColumn),
            "maxStringLength", limits.maxStringLength(), (comment ? "a comment" : "a run of text"
                + " without whitespace") + " is longer than " + maximum + " characters");
      }
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        line++;
        column = 1;
      } else if (c != '\r') {
        column++;
      }
    }
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }
}
