package io.ape.agentdojo.env;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The part of the Python {@code deepdiff.DeepDiff(t1, t2, exclude_paths=...)} report the
 * benchmark's checks read: which report types are present ({@code values_changed}, {@code
 * type_changes}, {@code dictionary_item_added}, {@code dictionary_item_removed}, {@code
 * iterable_item_added}, {@code iterable_item_removed}, {@code iterable_item_moved}) and the paths
 * in each, written as deepdiff writes them: {@code root.inbox.emails['27']}, {@code
 * root.calendar.events['3'].participants[2]}.
 *
 * <p>It walks two {@link Model#dump() dumps}: models by attribute ({@code .name}), dicts by key
 * ({@code ['key']}), lists in order. Lists of basic values (strings, numbers, booleans, None,
 * datetimes, enums) are compared with difflib's opcodes and, when that reports more than one
 * item, also pair by pair, keeping the shorter report, as deepdiff 8 does; other lists pair by
 * pair. A change of type (None to an enum, str to int) is a type change.
 *
 * @since 0.2.0
 */
public final class DeepDiff {
  /** One reported change. */
  public record Change(Object oldValue, Object newValue, String oldType, String newType) {}

  /** The report: report type to (path to change), in discovery order, empty types omitted. */
  public record Report(Map<String, Map<String, Change>> items) {
    public Report {
      Map<String, Map<String, Change>> copy = new LinkedHashMap<>();
      items.forEach((k, v) -> {
        if (!v.isEmpty()) {
          copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v)));
        }
      });
      items = Collections.unmodifiableMap(copy);
    }

    /** {@code set(diff.keys())}. */
    public Set<String> keys() {
      return items.keySet();
    }

    /** {@code set(diff[type])} (empty if the type is absent). */
    public Set<String> paths(String type) {
      Map<String, Change> m = items.get(type);
      return m == null ? Set.of() : m.keySet();
    }

    /** The changes of a report type (empty if absent). */
    public Map<String, Change> get(String type) {
      return items.getOrDefault(type, Map.of());
    }

    /** {@code len(diff)} counts the reported items. */
    int size() {
      int n = 0;
      for (Map<String, Change> m : items.values()) {
        n += m.size();
      }
      return n;
    }

    /** {@code True} when nothing differs ({@code not diff}). */
    public boolean isEmpty() {
      return items.isEmpty();
    }
  }

  private final Set<String> excludePaths;
  private final Map<String, Map<String, Change>> tree = new LinkedHashMap<>();

  private DeepDiff(Set<String> excludePaths) {
    this.excludePaths = excludePaths;
  }

  /** The diff of two dumps ({@code t1} before, {@code t2} after). */
  public static Report of(Object t1, Object t2, Set<String> excludePaths) {
    DeepDiff d = new DeepDiff(excludePaths);
    d.diff(t1, t2, "root");
    return new Report(d.tree);
  }

  /** The diff of two models' dumps. */
  public static Report of(Model t1, Model t2, Set<String> excludePaths) {
    return of(t1.dump(), t2.dump(), excludePaths);
  }

  private void report(String type, String path, Object t1, Object t2) {
    tree.computeIfAbsent(type, k -> new LinkedHashMap<>())
        .put(path, new Change(t1, t2, typeName(t1), typeName(t2)));
  }

  private void diff(Object t1, Object t2, String path) {
    if (excludePaths.contains(path)) {
      return;
    }
    if (t1 == t2) {
      return;
    }
    String type1 = typeName(t1);
    String type2 = typeName(t2);
    if (!type1.equals(type2)) {
      report("type_changes", path, t1, t2);
      return;
    }
    if (t1 instanceof Obj o1) {
      Obj o2 = (Obj) t2;
      diffFields(o1.fields(), o2.fields(), path, true);
    } else if (t1 instanceof Map<?, ?> m1) {
      diffFields(m1, (Map<?, ?>) t2, path, false);
    } else if (t1 instanceof List<?> l1) {
      diffList(l1, (List<?>) t2, path);
    } else if (!Objects.equals(t1, t2)) {
      report("values_changed", path, t1, t2);
    }
  }

  private void diffFields(Map<?, ?> m1, Map<?, ?> m2, String path, boolean attributes) {
    for (Map.Entry<?, ?> e : m2.entrySet()) {
      if (!m1.containsKey(e.getKey())) {
        String p = child(path, e.getKey(), attributes);
        if (!excludePaths.contains(p)) {
          report(attributes ? "attribute_added" : "dictionary_item_added", p, null, e.getValue());
        }
      }
    }
    for (Map.Entry<?, ?> e : m1.entrySet()) {
      if (!m2.containsKey(e.getKey())) {
        String p = child(path, e.getKey(), attributes);
        if (!excludePaths.contains(p)) {
          report(attributes ? "attribute_removed" : "dictionary_item_removed", p, e.getValue(), null);
        }
      }
    }
    for (Map.Entry<?, ?> e : m1.entrySet()) {
      if (m2.containsKey(e.getKey())) {
        diff(e.getValue(), m2.get(e.getKey()), child(path, e.getKey(), attributes));
      }
    }
  }

  private void diffList(List<?> l1, List<?> l2, String path) {
    if (allBasic(l1) && allBasic(l2)) {
      DeepDiff byDifflib = new DeepDiff(excludePaths);
      byDifflib.diffByDifflib(l1, l2, path);
      Report first = new Report(byDifflib.tree);
      if (first.size() > 1) {
        DeepDiff byPairs = new DeepDiff(excludePaths);
        byPairs.diffByPairs(l1, 0, l1.size(), l2, 0, l2.size(), path);
        Report second = new Report(byPairs.tree);
        if (first.size() >= second.size()) {
          merge(second);
          return;
        }
      }
      merge(first);
    } else {
      diffByPairs(l1, 0, l1.size(), l2, 0, l2.size(), path);
    }
  }

  private void merge(Report r) {
    r.items().forEach((type, changes) -> tree.computeIfAbsent(type, k -> new LinkedHashMap<>()).putAll(changes));
  }

  private void diffByDifflib(List<?> l1, List<?> l2, String path) {
    SequenceMatcher matcher = new SequenceMatcher(l1, l2, false);
    for (SequenceMatcher.Opcode op : matcher.opcodes()) {
      switch (op.tag()) {
        case "replace" -> diffByPairs(l1, op.i1(), op.i2(), l2, op.j1(), op.j2(), path);
        case "delete" -> {
          for (int i = op.i1(); i < op.i2(); i++) {
            report("iterable_item_removed", path + "[" + i + "]", l1.get(i), null);
          }
        }
        case "insert" -> {
          for (int j = op.j1(); j < op.j2(); j++) {
            report("iterable_item_added", path + "[" + j + "]", null, l2.get(j));
          }
        }
        default -> { }
      }
    }
  }

  private void diffByPairs(List<?> l1, int from1, int to1, List<?> l2, int from2, int to2, String path) {
    int n = Math.max(to1 - from1, to2 - from2);
    for (int k = 0; k < n; k++) {
      int i = from1 + k;
      int j = from2 + k;
      boolean has1 = i < to1;
      boolean has2 = j < to2;
      if (has1 && !has2) {
        report("iterable_item_removed", path + "[" + i + "]", l1.get(i), null);
      } else if (!has1) {
        report("iterable_item_added", path + "[" + j + "]", null, l2.get(j));
      } else {
        Object x = l1.get(i);
        Object y = l2.get(j);
        if (i != j && Objects.equals(x, y)) {
          report("iterable_item_moved", path + "[" + i + "]", x, y);
          continue;
        }
        diff(x, y, path + "[" + i + "]");
      }
    }
  }

  private static boolean allBasic(List<?> l) {
    for (Object o : l) {
      if (!(o == null || o instanceof String || o instanceof Number || o instanceof Boolean
          || o instanceof LocalDateTime || o instanceof LocalDate || o instanceof PyEnumValue)) {
        return false;
      }
    }
    return true;
  }

  private static String child(String path, Object key, boolean attribute) {
    if (attribute) {
      return path + "." + key;
    }
    if (key instanceof String s) {
      return path + "[" + pyRepr(s) + "]";
    }
    return path + "[" + key + "]";
  }

  /** Python's {@code repr(str)} for the simple keys of the benchmark. */
  static String pyRepr(String s) {
    boolean single = s.indexOf('\'') >= 0 && s.indexOf('"') < 0;
    char q = single ? '"' : '\'';
    StringBuilder b = new StringBuilder().append(q);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        b.append("\\\\");
      } else if (c == q) {
        b.append('\\').append(c);
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c == '\r') {
        b.append("\\r");
      } else if (c == '\t') {
        b.append("\\t");
      } else {
        b.append(c);
      }
    }
    return b.append(q).toString();
  }

  /** The Python type name of a dumped value. */
  public static String typeName(Object v) {
    if (v == null) {
      return "NoneType";
    }
    if (v instanceof String) {
      return "str";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof Long || v instanceof Integer || v instanceof BigInteger) {
      return "int";
    }
    if (v instanceof Double || v instanceof Float) {
      return "float";
    }
    if (v instanceof LocalDateTime) {
      return "datetime";
    }
    if (v instanceof LocalDate) {
      return "date";
    }
    if (v instanceof PyEnumValue e) {
      return e.type();
    }
    if (v instanceof Obj o) {
      return o.type();
    }
    if (v instanceof List<?>) {
      return "list";
    }
    if (v instanceof Map<?, ?>) {
      return "dict";
    }
    return v.getClass().getSimpleName();
  }

}
