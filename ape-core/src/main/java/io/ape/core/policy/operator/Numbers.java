package io.ape.core.policy.operator;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Numbers accepted by {@code max}, {@code min}, {@code equals} and {@code one_of}: Java
 * numbers (never strings, never booleans), finite, with a magnitude of at most 2^53 (the range
 * in which every integer is exact in a double and which I-JSON, RFC 7493, calls
 * interoperable). Everything else fails closed with a reason. Comparisons are done on
 * doubles, as in the Python original.
 */
final class Numbers {
  /** 2^53. */
  static final double MAX_MAGNITUDE = 9007199254740992d;
  private static final long MAX_LONG = 1L << 53;
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
    if (v instanceof BigInteger b) {
      return b.abs().compareTo(MAX_INTEGER) <= 0 ? null : outOfRange();
    }
    if (v instanceof BigDecimal b) {
      return b.abs().compareTo(MAX_DECIMAL) <= 0 ? null : outOfRange();
    }
    return "is " + Values.typeName(v) + ", not a number";
  }

  private static String outOfRange() {
    return "is outside the supported range of +/-2^53 (9007199254740992)";
  }

  /** The value as a double; only for values whose {@link #rejection} is {@code null}. */
  static double toDouble(Object v) {
    return ((Number) v).doubleValue();
  }

  /** {@code true} if {@code v} is an acceptable number (fast check for the hot path). */
  static boolean isAcceptable(Object v) {
    if (v instanceof Integer) {
      return true;
    }
    return v instanceof Number && rejection(v) == null;
  }
}
