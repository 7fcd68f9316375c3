package io.ape.policy.yaml.internal;

import io.ape.api.ActionIds;

/** Explains why a string is not a valid action id, in words a policy author can act on. */
final class ActionIdCheck {
  private ActionIdCheck() {}

  /** {@code null} if the id is valid, else the reason it is not. */
  static String problem(String id, String what) {
    if (ActionIds.isValid(id)) {
      return null;
    }
    return Messages.quote(id) + " is not a valid " + what + ": " + reason(id)
        + "; ids must match " + ActionIds.pattern();
  }

  private static String reason(String id) {
    if (id.isEmpty()) {
      return "it is empty";
    }
    if (id.length() > 128) {
      return "it is longer than 128 characters";
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == '\n' || c == '\r') {
        return "it contains a line break" + (i == id.length() - 1 ? " at the end" : "");
      }
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return "it contains whitespace";
      }
      if (Character.isISOControl(c)) {
        return String.format("it contains the control character U+%04X", (int) c);
      }
      if (c > 0x7e) {
        return String.format("it contains the non-ASCII character U+%04X (a look-alike of an"
            + " ASCII letter is not the same id)", (int) c);
      }
    }
    char first = id.charAt(0);
    if (!(Character.isLetter(first) || first == '_')) {
      return "it must start with a letter or '_'";
    }
    return "it contains a character outside [A-Za-z0-9_.:-]";
  }
}
