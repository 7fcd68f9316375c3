package io.ape.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Deep, immutable copies of JSON-like parameter values.
 *
 * <p>Accepted leaf types: {@code null}, {@link String}, {@link Boolean}, {@link Integer},
 * {@link Long}, {@link Short}, {@link Byte}, {@link Double}, {@link Float},
 * {@link BigInteger}, {@link BigDecimal}; containers: {@link List} and {@link Map} with
 * {@link String} keys. Anything else is rejected with {@link ActionParameterException}, so a
 * caller cannot smuggle a mutable or self-describing object past a policy check.
 *
 * @since 0.1.0
 */
public final class ParameterValues {
  /** Maximum nesting depth of a parameter value. */
  public static final int MAX_DEPTH = 32;

  private ParameterValues() {}

  /**
   * Deep-copies a parameter map into an unmodifiable, insertion-ordered map. A map this method
   * returned is already such a copy and is returned as it is.
   */
  public static Map<String, Object> copyOf(Map<String, ?> parameters) {
    if (parameters == null || parameters.isEmpty()) {
      return Map.of();
    }
    if (parameters instanceof FrozenParameterMap frozen) {
      return frozen;
    }
    return copyMap(parameters, 0);
  }

  /**
   * {@code function} applied to {@code parameters}. When {@code parameters} is a map returned
   * by {@link #copyOf} (whose content can never change), the result is kept with it and
   * returned again for the same {@code function} instance, so a pure function such as a
   * canonical hash runs once per parameter set. Results are keyed by the identity of
   * {@code function}: a value derived with another function (another caller's) is never
   * returned, so keep the function in a constant.
   *
   * @param function a pure function (same input, same output, no side effects)
   */
  public static <T> T derive(Map<String, ?> parameters,
      Function<? super Map<String, ?>, T> function) {
    Objects.requireNonNull(function, "function");
    if (parameters instanceof FrozenParameterMap frozen) {
      return frozen.derive(function);
    }
    return function.apply(parameters);
  }

  /** Deep-copies one value. */
  public static Object copyValue(Object value) {
    return copy(value, 0);
  }

  private static Object copy(Object v, int depth) {
    if (depth > MAX_DEPTH) {
      throw new ActionParameterException(null,
          "parameter value nested deeper than " + MAX_DEPTH + " levels");
    }
    if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer
        || v instanceof Long || v instanceof Double || v instanceof Float
        || v instanceof Short || v instanceof Byte || v instanceof BigInteger
        || v instanceof BigDecimal) {
      return v;
    }
    if (v instanceof Map<?, ?> m) {
      return copyMap(m, depth + 1);
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object e : l) {
        out.add(copy(e, depth + 1));
      }
      return Collections.unmodifiableList(out);
    }
    throw new ActionParameterException(null,
        "unsupported parameter value type " + v.getClass().getName()
            + " (allowed: null, String, Boolean, numbers, List, Map with String keys)");
  }

  private static Map<String, Object> copyMap(Map<?, ?> m, int depth) {
    Map<String, Object> out = new LinkedHashMap<>(Math.max(4, (int) (m.size() / 0.75f) + 1));
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new ActionParameterException(null,
            "parameter keys must be strings, got " + (e.getKey() == null ? "null"
                : e.getKey().getClass().getName()));
      }
      out.put(key, copy(e.getValue(), depth + 1));
    }
    return new FrozenParameterMap(Collections.unmodifiableMap(out));
  }
}
