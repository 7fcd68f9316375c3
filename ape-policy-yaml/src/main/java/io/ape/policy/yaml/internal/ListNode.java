package io.ape.policy.yaml.internal;

import java.util.Collections;
import java.util.List;

/**
 * A list (YAML sequence, JSON array).
 *
 * @param items the items in document order, unmodifiable
 */
record ListNode(List<Node> items, int line, int column, long weight) implements Node {

  ListNode {
    items = Collections.unmodifiableList(items);
  }

  @Override
  public String typeName() {
    return "a list";
  }
}
