package io.ape.agentdojo.tools;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one call after validation ({@link ArgumentValidator}): every declared
 * parameter present, defaults filled in, values coerced to the declared types ({@code str} to
 * {@link String}, {@code int} to {@link Long}, {@code float} to {@link Double}, {@code bool} to
 * {@link Boolean}, lists to fresh mutable lists), {@code None} as {@code null}.
 *
 * @since 0.2.0
 */
public final class ToolArgs {
  private final Map<String, Object> values;

  ToolArgs(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** All values, in declaration order (unmodifiable). */
  public Map<String, Object> values() {
    return values;
  }

  /** A string parameter (null only if declared {@code str | None}). */
  public String str(String name) {
    return (String) get(name);
  }

  /** A float parameter, or null. */
  public Double dbl(String name) {
    return (Double) get(name);
  }

  /** An int parameter, or null. */
  public Long lng(String name) {
    return (Long) get(name);
  }

  /** A bool parameter, or null. */
  public Boolean bool(String name) {
    return (Boolean) get(name);
  }

  /** A {@code list[str]} parameter as a fresh mutable list, or null. */
  @SuppressWarnings("unchecked")
  public List<String> strList(String name) {
    Object v = get(name);
    return v == null ? null : new ArrayList<>((List<String>) v);
  }

  /** A {@code list[dict]} parameter, or null. */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> dictList(String name) {
    Object v = get(name);
    return v == null ? null : (List<Map<String, Object>>) v;
  }

  private Object get(String name) {
    if (!values.containsKey(name)) {
      throw new IllegalArgumentException("no parameter '" + name + "'");
    }
    return values.get(name);
  }
}
