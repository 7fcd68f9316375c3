package io.ape.policy.yaml.internal;

import io.ape.api.ActionIds;

/** Small helpers that keep error messages readable and safe to print. */
final class Messages {
  private static final int MAX_MESSAGE = 300;

  private Messages() {}

  /** A user-supplied key or value, quoted, with control and non-ASCII characters escaped. */
  static String quote(String text) {
    return "'" + ActionIds.printable(text) + "'";
  }

  /** A library message on one line, shortened to a readable length. */
  static String oneLine(String message) {
    if (message == null || message.isBlank()) {
      return "unknown problem";
    }
    StringBuilder sb = new StringBuilder(Math.min(message.length(), MAX_MESSAGE));
    boolean space = false;
    for (int i = 0; i < message.length() && sb.length() < MAX_MESSAGE; i++) {
      char c = message.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        space = sb.length() > 0;
      } else {
        if (space) {
          sb.append(' ');
          space = false;
        }
        sb.append(c);
      }
    }
    if (sb.length() >= MAX_MESSAGE) {
      sb.append("...");
    }
    return sb.toString();
  }
}
