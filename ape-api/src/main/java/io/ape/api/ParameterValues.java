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
 * <p><b>Numbers are copied to final JDK types.</b> {@link BigInteger} and {@link BigDecimal}
 * are not final classes: a subclass could report one value to the policy and another to the
 * tool, or change its value between the two. A subclass is therefore copied, once, into a
 * plain {@code BigInteger} / {@code BigDecimal} (from its two's-complement bytes and its
 * scale), and everything after the copy (the policy, the token's parameter hash, the tool) sees
 * that one immutable value. {@link java.util.concurrent.atomic.AtomicInteger} and
 * {@link java.util.concurrent.atomic.AtomicLong} are copied into {@link Integer} and
 * {@link Long}; any other {@link Number} type is refused.
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
        || v instanceof Short || v instanceof Byte) {
      return v;
    }
    if (v instanceof Number n) {
      return copyNumber(n);
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

  /**
   * A number of a final JDK type with the value {@code n} has at the time of the call: a
   * {@link BigInteger} or {@link BigDecimal} (of exactly that class) is returned as it is; a
   * subclass of either is copied into the plain class; the atomic numbers are read once.
   */
  private static Number copyNumber(Number n) {
    Class<?> type = n.getClass();
    if (type == BigInteger.class || type == BigDecimal.class) {
      return n;
    }
    try {
      if (n instanceof BigInteger b) {
        return new BigInteger(b.toByteArray());
      }
      if (n instanceof BigDecimal d) {
        return new BigDecimal(new BigInteger(d.unscaledValue().toByteArray()), d.scale());
      }
    } catch (RuntimeException e) {
      throw new ActionParameterException(null, "the number of type " + type.getName()
          + " cannot be copied into its JDK type: " + e);
    }
    if (type == java.util.concurrent.atomic.AtomicInteger.class) {
      return ((java.util.concurrent.atomic.AtomicInteger) n).get();
    }
    if (type == java.util.concurrent.atomic.AtomicLong.class) {
      return ((java.util.concurrent.atomic.AtomicLong) n).get();
    }
    throw new ActionParameterException(null, "unsupported number type " + type.getName()
        + " (allowed: Integer, Long, Short, Byte, Double, Float, BigInteger, BigDecimal)");
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
