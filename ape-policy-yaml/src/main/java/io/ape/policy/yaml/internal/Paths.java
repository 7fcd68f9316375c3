package io.ape.policy.yaml.internal;

import io.ape.api.ActionIds;

/** Builds document paths such as {@code rules[2].conditions.path.prefix} for messages. */
final class Paths {
  private Paths() {}

  /** The path of a mapping entry. */
  static String key(String parent, String key) {
    String shown = ActionIds.printable(key);
    return parent.isEmpty() ? shown : parent + "." + shown;
  }

  /** The path of a list item. */
  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
