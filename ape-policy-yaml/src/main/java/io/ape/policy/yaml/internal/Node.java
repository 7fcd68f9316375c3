package io.ape.policy.yaml.internal;

/**
 * A node of a parsed policy document: a mapping, a list or a scalar, with the 1-based line and
 * column where it starts. Nodes are immutable; a YAML alias shares the node of its anchor.
 */
sealed interface Node permits MapNode, ListNode, ScalarNode {
  /** 1-based line of the node's first character. */
  int line();

  /** 1-based column of the node's first character. */
  int column();

  /** Number of nodes in this subtree with every alias expanded (saturates at Long.MAX_VALUE). */
  long weight();

  /** A short description of the node's type for error messages, e.g. "a list". */
  String typeName();
}
