package io.ape.policy.yaml.internal;

import java.util.Collections;
import java.util.Map;

/**
 * A mapping, keys in document order.
 *
 * @param entries key to entry, insertion-ordered and unmodifiable
 */
record MapNode(Map<String, MapNode.Entry> entries, int line, int column, long weight)
    implements Node {

  MapNode {
    entries = Collections.unmodifiableMap(entries);
  }

  /** One key of a mapping with the key's position and its value. */
  record Entry(String key, int line, int column, Node value) {}

  /** The entry for a key, or {@code null}. */
  Entry get(String key) {
    return entries.get(key);
  }

  @Override
  public String typeName() {
    return "a mapping";
  }
}
