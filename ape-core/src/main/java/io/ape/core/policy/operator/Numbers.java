package io.ape.core.policy.operator;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Numbers accepted by {@code max}, {@code min}, {@code equals} and {@code one_of}, and how
 * they compare: exactly, as decimals.
 *
 * <p>Accepted: values of the final JDK number types ({@link Integer}, {@link Long},
 * {@link Short}, {@link Byte}, {@link Double}, {@link Float}) and of exactly
 * {@link BigInteger} and {@link BigDecimal} (a subclass of either, which could lie about its
 * value or change it, is refused: {@code io.ape.api.ParameterValues} copies one into its JDK
 * class at the API boundary), finite, with a magnitude of at most 2^53 (the range I-JSON, RFC
 * 7493, calls interoperable). Never strings, never booleans. Everything else fails closed with
 * a reason.
 *
 * <p>Every accepted number has one exact decimal value: integers and {@code BigDecimal}s
 * their own; a {@code double} or {@code float} the shortest decimal that identifies it (what
 * {@link Double#toString} prints, i.e. the number as it was written in JSON or YAML, so
 * {@code 0.1} is 0.1). Comparisons are on those values, so {@code 100.00000000000000001} is
 * greater than {@code 100} and {@code 3.0000000000000001} is not {@code 3}.
 */
final class Numbers {
  /** 2^53. */
  static final long MAX_LONG = 1L << 53;
  private static final double MAX_MAGNITUDE = 9007199254740992d;
  private static final BigDecimal MAX_DECIMAL = BigDecimal.valueOf(MAX_LONG);
  private static final BigInteger MAX_INTEGER = BigInteger.valueOf(MAX_LONG);

  private Numbers() {}

  /** {@code null} if {@code v} is an acceptable number, else why not (e.g. {@code is NaN}). */
  static String rejection(Object v) {
    if (v == null) {
      return "is null, not a number";
    }
    if (v instanceof Boolean) {
      return "is a boolean, not a number";
    }
    if (v instanceof String) {
      return "is a string, not a number (numeric strings are never converted)";
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return null;
    }
    if (v instanceof Long l) {
      return Math.abs(l) <= MAX_LONG && l != Long.MIN_VALUE ? null : outOfRange();
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d)) {
        return "is NaN";
      }
      if (Double.isInfinite(d)) {
        return "is infinite";
      }
      return Math.abs(d) <= MAX_MAGNITUDE ? null : outOfRange();
    }
    if (v.getClass() == BigInteger.class) {
      return ((BigInteger) v).abs().compareTo(MAX_INTEGER) <= 0 ? null : outOfRange();
    }
    if (v.getClass() == BigDecimal.class) {
      return ((BigDecimal) v).abs().compareTo(MAX_DECIMAL) <= 0 ? null : outOfRange();
    }
    if (v instanceof BigInteger || v instanceof BigDecimal) {
      return "is a subclass of " + (v instanceof BigInteger ? "BigInteger" : "BigDecimal") + " ("
          + v.getClass().getName() + "), which could misstate its value; pass parameters"
          + " through ParameterValues.copyOf";
    }
    return "is " + Values.typeName(v) + ", not a number";
  }

  private static String outOfRange() {
    return "is outside the supported range of +/-2^53 (9007199254740992)";
  }

  /** {@code true} if {@code v} is an acceptable number (fast check for the hot path). */
  static boolean isAcceptable(Object v) {
    if (v instanceof Integer) {
      return true;
    }
    return v instanceof Number && rejection(v) == null;
  }

  /** Whether {@code v} (acceptable) is a whole-number JDK type compared as a {@code long}. */
  static boolean isIntegral(Object v) {
    return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte;
  }

  /** The exact decimal value of an acceptable number (see the class documentation). */
  static BigDecimal exact(Object v) {
    if (isIntegral(v)) {
      return BigDecimal.valueOf(((Number) v).longValue());
    }
    if (v instanceof Double d) {
      return BigDecimal.valueOf(d);
    }
    if (v instanceof Float f) {
      return new BigDecimal(Float.toString(f));
    }
    if (v instanceof BigInteger b) {
      return new BigDecimal(b);
    }
    return (BigDecimal) v;
  }

  /**
   * The canonical form of an acceptable number for equality and hashing: a {@link Long} when
   * the value is a whole number, otherwise the {@link BigDecimal} without trailing zeros. Equal
   * values have equal canonical forms whatever their types ({@code 3}, {@code 3.0},
   * {@code 3.00}); different values never do.
   */
  static Object canonical(Object v) {
    if (isIntegral(v)) {
      return ((Number) v).longValue();
    }
    if (v instanceof Double d && d == Math.rint(d)) {
      return (long) (double) d; // |d| <= 2^53: exact; -0.0 becomes 0
    }
    BigDecimal exact = exact(v);
    if (exact.signum() == 0) {
      return 0L;
    }
    BigDecimal stripped = exact.stripTrailingZeros();
    return stripped.scale() <= 0 ? (Object) stripped.longValueExact() : stripped;
  }
}
