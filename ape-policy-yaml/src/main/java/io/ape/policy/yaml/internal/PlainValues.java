package io.ape.policy.yaml.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts nodes into plain Java values (String, Boolean, Number, null, List, Map). */
final class PlainValues {
  /**
   * How deep free-form values (metadata) may nest below their section, so that the copy made by
   * {@code io.ape.api.ParameterValues} (at most 32 levels, counting two per mapping) never fails.
   */
  static final int MAX_FREE_FORM_DEPTH = 15;

  private final NodeChecks checks;

  PlainValues(NodeChecks checks) {
    this.checks = checks;
  }

  /** Any value up to {@link #MAX_FREE_FORM_DEPTH} levels; {@code null} plus a problem if deeper. */
  Object freeForm(Node node, String path, int depth) {
    if (node instanceof ScalarNode) {
      return ((ScalarNode) node).value();
    }
    if (depth >= MAX_FREE_FORM_DEPTH) {
      checks.problems().add(node, path,
          "is nested deeper than " + MAX_FREE_FORM_DEPTH + " levels");
      return null;
    }
    if (node instanceof ListNode) {
      List<Node> items = ((ListNode) node).items();
      List<Object> out = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        out.add(freeForm(items.get(i), Paths.index(path, i), depth + 1));
      }
      return Collections.unmodifiableList(out);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (MapNode.Entry entry : ((MapNode) node).entries().values()) {
      out.put(entry.key(), freeForm(entry.value(), Paths.key(path, entry.key()), depth + 1));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * A condition argument: a scalar, a list of scalars, or a mapping whose values are scalars or
   * lists of scalars (for example {@code {base: [/srv, /tmp], resolve_symlinks: true}}), never
   * null. Returns {@code null} after recording a problem otherwise.
   */
  Object argument(Node node, String path) {
    if (node instanceof ScalarNode) {
      return scalarArgument((ScalarNode) node, path);
    }
    if (node instanceof ListNode) {
      return scalarList((ListNode) node, path);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    boolean ok = true;
    for (MapNode.Entry entry : ((MapNode) node).entries().values()) {
      String entryPath = Paths.key(path, entry.key());
      Object value = entry.value() instanceof ListNode
          ? scalarList((ListNode) entry.value(), entryPath)
          : nestedScalar(entry.value(), entryPath);
      ok &= value != null;
      out.put(entry.key(), value);
    }
    return ok ? Collections.unmodifiableMap(out) : null;
  }

  private List<Object> scalarList(ListNode list, String path) {
    List<Node> items = list.items();
    List<Object> out = new ArrayList<>(items.size());
    boolean ok = true;
    for (int i = 0; i < items.size(); i++) {
      Object value = nestedScalar(items.get(i), Paths.index(path, i));
      ok &= value != null;
      out.add(value);
    }
    return ok ? Collections.unmodifiableList(out) : null;
  }

  private Object nestedScalar(Node node, String path) {
    if (node instanceof ScalarNode) {
      return scalarArgument((ScalarNode) node, path);
    }
    checks.problems().add(node, path, "an operator argument may be a value, a list of values or"
        + " a mapping of values and lists of values, but this entry is " + node.typeName());
    return null;
  }

  private Object scalarArgument(ScalarNode node, String path) {
    if (node.kind() == ScalarNode.Kind.NULL) {
      checks.problems().add(node, path, "an operator argument must not be empty (null)");
      return null;
    }
    return node.value();
  }
}
