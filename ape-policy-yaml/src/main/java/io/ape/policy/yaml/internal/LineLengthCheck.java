package io.ape.policy.yaml.internal;

import io.ape.api.PolicyLimitException;
import io.ape.api.PolicyLimits;
import io.ape.api.SourceLocation;

/**
 * Rejects YAML text with a line longer than any allowed string (plus room for a key and
 * indicators), in one linear pass, before SnakeYAML sees it.
 *
 * <p>SnakeYAML scans some chunks by peeking ever further ahead (an unbroken run of a plain or
 * quoted scalar, a comment, a line of a block scalar), and its reader copies its whole window
 * for every 1024 characters it adds, so the time grows with the square of the chunk's length:
 * a single 4-million-character line of a block scalar took about 20 s here, and the 8 MiB
 * default size limit would allow minutes. Every such chunk lies within one line, and no valid
 * policy needs a line longer than {@link PolicyLimits#maxStringLength()} plus {@link #SLACK},
 * because every scalar and key is limited to that many characters.
 */
final class LineLengthCheck {
  /** Room for indentation, a key and indicators around a string of the maximum length. */
  static final int SLACK = 1024;

  private LineLengthCheck() {}

  static void check(String text, String source, PolicyLimits limits) {
    long maximum = (long) limits.maxStringLength() + SLACK;
    if (text.length() <= maximum) {
      return;
    }
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        if (c != '\r' || i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
          line++;
        }
        lineStart = i + 1;
      } else if (i - lineStart + 1 > maximum) {
        throw new PolicyLimitException(new SourceLocation(source, line, 1), "maxStringLength",
            limits.maxStringLength(), "line " + line + " is longer than " + maximum
                + " characters (longer lines make YAML parsing slow)");
      }
    }
  }
}
