package io.ape.policy.yaml.internal;

import java.util.List;

/**
 * Typed reads of document nodes. Each method returns the value, or {@code null} after recording
 * a problem that names the expected and the actual type, so that validation can continue and
 * report every problem at once.
 */
final class NodeChecks {
  private final Problems problems;

  NodeChecks(Problems problems) {
    this.problems = problems;
  }

  Problems problems() {
    return problems;
  }

  /** Reports every key of {@code map} that is not in {@code allowed}. */
  void onlyKeys(MapNode map, String path, List<String> allowed) {
    for (MapNode.Entry entry : map.entries().values()) {
      if (!allowed.contains(entry.key())) {
        String suggestion = closest(entry.key(), allowed);
        problems.add(entry, Paths.key(path, entry.key()), "unknown key " + Messages.quote(entry.key())
            + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
            + "; allowed keys " + (path.isEmpty() ? "at the top level" : "here") + ": "
            + String.join(", ", allowed));
      }
    }
  }

  /** Reports a required key that is missing from {@code map}. */
  MapNode.Entry required(MapNode map, String path, String key) {
    MapNode.Entry entry = map.get(key);
    if (entry == null) {
      problems.add(map, path, "missing required key '" + key + "'");
    }
    return entry;
  }

  MapNode mapping(Node node, String path) {
    if (node instanceof MapNode) {
      return (MapNode) node;
    }
    problems.add(node, path, "must be a mapping (key: value), but is " + node.typeName());
    return null;
  }

  ListNode list(Node node, String path) {
    if (node instanceof ListNode) {
      return (ListNode) node;
    }
    problems.add(node, path, isNull(node) ? "must be a list, but is empty; write [] for an empty list"
        : "must be a list, but is " + node.typeName());
    return null;
  }

  String string(Node node, String path) {
    if (node instanceof ScalarNode && ((ScalarNode) node).kind() == ScalarNode.Kind.STRING) {
      return (String) ((ScalarNode) node).value();
    }
    problems.add(node, path, "must be a string, but is " + node.typeName() + quoteHint(node));
    return null;
  }

  /** A string that is not empty and has no control characters (names, globs, keys). */
  String name(Node node, String path, String what) {
    String value = string(node, path);
    if (value == null) {
      return null;
    }
    if (value.isBlank()) {
      problems.add(node, path, what + " must not be empty");
      return null;
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      problems.add(node, path, what + " " + Messages.quote(value)
          + " must not contain control characters or line breaks");
      return null;
    }
    return value;
  }

  Boolean bool(Node node, String path) {
    if (node instanceof ScalarNode && ((ScalarNode) node).kind() == ScalarNode.Kind.BOOLEAN) {
      return (Boolean) ((ScalarNode) node).value();
    }
    String hint = node instanceof ScalarNode && ((ScalarNode) node).kind() == ScalarNode.Kind.STRING
        ? " (write true or false without quotes)" : "";
    problems.add(node, path, "must be true or false, but is " + node.typeName() + hint);
    return null;
  }

  /** One of the given lower-case keywords. */
  String keyword(Node node, String path, List<String> keywords) {
    String expected = "one of " + String.join(", ", keywords);
    if (!(node instanceof ScalarNode && ((ScalarNode) node).kind() == ScalarNode.Kind.STRING)) {
      problems.add(node, path, "must be " + expected + ", but is " + node.typeName());
      return null;
    }
    String value = (String) ((ScalarNode) node).value();
    if (!keywords.contains(value)) {
      boolean wrongCase = keywords.contains(value.toLowerCase(java.util.Locale.ROOT));
      problems.add(node, path, "must be " + expected + ", but is " + Messages.quote(value)
          + (wrongCase ? " (keywords are lower case)" : ""));
      return null;
    }
    return value;
  }

  /** An action (or tool) id that passes {@code ActionIds.isValid}. */
  String actionId(Node node, String path, String what) {
    String value = string(node, path);
    if (value == null) {
      return null;
    }
    String problem = ActionIdCheck.problem(value, what);
    if (problem != null) {
      problems.add(node, path, problem);
      return null;
    }
    return value;
  }

  /** Checks an action id used as a mapping key. */
  String actionIdKey(MapNode.Entry entry, String path, String what) {
    String problem = ActionIdCheck.problem(entry.key(), what);
    if (problem != null) {
      problems.add(entry, path, problem);
      return null;
    }
    return entry.key();
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode && ((ScalarNode) node).kind() == ScalarNode.Kind.NULL;
  }

  private static String quoteHint(Node node) {
    if (node instanceof ScalarNode && ((ScalarNode) node).kind() != ScalarNode.Kind.NULL) {
      return " (put the value in quotes if you meant the text "
          + Messages.quote(((ScalarNode) node).text()) + ")";
    }
    return "";
  }

  private static String closest(String key, List<String> allowed) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : allowed) {
      int distance = distance(key.toLowerCase(java.util.Locale.ROOT).replace('-', '_'), candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    if (Math.abs(a.length() - b.length()) > 3 || a.length() > 64) {
      return Integer.MAX_VALUE;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
