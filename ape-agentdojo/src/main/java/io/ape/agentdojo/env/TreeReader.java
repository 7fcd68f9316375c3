package io.ape.agentdojo.env;

import io.ape.agentdojo.AgentDojoException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Reads a model's fields from a loaded YAML tree with pydantic's (lax) coercions: an integer
 * where a float is declared, a string where a datetime is declared. A missing required field or
 * a value of the wrong type is an {@link AgentDojoException} naming the path.
 *
 * @since 0.2.0
 */
public final class TreeReader {
  private final Map<?, ?> map;
  private final String path;

  private TreeReader(Map<?, ?> map, String path) {
    this.map = map;
    this.path = path;
  }

  /** A reader over {@code tree}, which must be a mapping. */
  public static TreeReader of(Object tree, String path) {
    if (!(tree instanceof Map<?, ?> m)) {
      throw error(path, "a mapping", tree);
    }
    return new TreeReader(m, path);
  }

  /** The path of this mapping, for messages. */
  public String path() {
    return path;
  }

  /** {@code true} if the field is present (even if null). */
  public boolean has(String key) {
    return map.containsKey(key);
  }

  /** The raw value of a field (null if absent). */
  public Object raw(String key) {
    return map.get(key);
  }

  /** A required string field. */
  public String str(String key) {
    return Coerce.str(required(key), sub(key));
  }

  /** An optional string field ({@code str | None}): absent or null gives {@code fallback}. */
  public String optStr(String key, String fallback) {
    Object v = map.get(key);
    return v == null ? fallback : Coerce.str(v, sub(key));
  }

  /** A required float field. */
  public double dbl(String key) {
    return Coerce.dbl(required(key), sub(key));
  }

  /** A required int field. */
  public long lng(String key) {
    return Coerce.lng(required(key), sub(key));
  }

  /** An int field with a default. */
  public long lng(String key, long fallback) {
    return map.containsKey(key) ? Coerce.lng(map.get(key), sub(key)) : fallback;
  }

  /** A bool field with a default (absent means {@code fallback}). */
  public boolean bool(String key, boolean fallback) {
    return map.containsKey(key) ? Coerce.bool(map.get(key), sub(key)) : fallback;
  }

  /** A required bool field. */
  public boolean bool(String key) {
    return Coerce.bool(required(key), sub(key));
  }

  /** A required datetime field. */
  public LocalDateTime dateTime(String key) {
    return Coerce.dateTime(required(key), sub(key));
  }

  /** A required date field. */
  public LocalDate date(String key) {
    return Coerce.date(required(key), sub(key));
  }

  /** A required list of strings. */
  public List<String> strList(String key) {
    return list(key, Coerce::str);
  }

  /** A list of strings that defaults to empty when absent. */
  public List<String> strList(String key, boolean optional) {
    if (optional && !map.containsKey(key)) {
      return new ArrayList<>();
    }
    return strList(key);
  }

  /** A required list whose items are read with {@code item} (value, path). */
  public <T> List<T> list(String key, BiFunction<Object, String, T> item) {
    Object v = required(key);
    if (!(v instanceof List<?> l)) {
      throw error(sub(key), "a list", v);
    }
    List<T> out = new ArrayList<>(l.size());
    for (int i = 0; i < l.size(); i++) {
      out.add(item.apply(l.get(i), sub(key) + "[" + i + "]"));
    }
    return out;
  }

  /** A list that defaults to empty when absent. */
  public <T> List<T> list(String key, BiFunction<Object, String, T> item, boolean optional) {
    if (optional && !map.containsKey(key)) {
      return new ArrayList<>();
    }
    return list(key, item);
  }

  /** A required mapping with string keys whose values are read with {@code value}. */
  public <T> LinkedHashMap<String, T> map(String key, BiFunction<Object, String, T> value) {
    Object v = required(key);
    if (!(v instanceof Map<?, ?> m)) {
      throw error(sub(key), "a mapping", v);
    }
    LinkedHashMap<String, T> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String k = Coerce.str(e.getKey(), sub(key));
      out.put(k, value.apply(e.getValue(), sub(key) + "['" + k + "']"));
    }
    return out;
  }

  /** A mapping that defaults to empty when absent. */
  public <T> LinkedHashMap<String, T> map(
      String key, BiFunction<Object, String, T> value, boolean optional) {
    if (optional && !map.containsKey(key)) {
      return new LinkedHashMap<>();
    }
    return map(key, value);
  }

  /** A nested reader. */
  public TreeReader child(String key) {
    return of(required(key), sub(key));
  }

  private Object required(String key) {
    if (!map.containsKey(key)) {
      throw new AgentDojoException(path + ": missing field '" + key + "'");
    }
    return map.get(key);
  }

  private String sub(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static AgentDojoException error(String path, String expected, Object actual) {
    String kind = actual == null ? "null" : actual.getClass().getSimpleName();
    return new AgentDojoException(path + ": expected " + expected + ", found " + kind);
  }
}
