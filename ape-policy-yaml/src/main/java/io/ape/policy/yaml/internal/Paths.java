package io.ape.policy.yaml.internal;

import io.ape.api.ActionIds;

/** Builds document paths such as {@code rules[2].conditions.path.prefix} for messages. */
final class Paths {
  private Paths() {}

  /** The path of a mapping entry. */
  static String key(String parent, String key) {
    String shown = isPlain(key) ? key : ActionIds.printable(key);
    return parent.isEmpty() ? shown : parent + "." + shown;
  }

  private static boolean isPlain(String key) {
    if (key.length() > 140) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** The path of a list item. */
  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
