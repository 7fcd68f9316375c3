package io.ape.core.actions;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** JSON type names and JSON equality of the Java values {@link io.ape.api.ParameterValues} accepts. */
final class JsonTypes {
  private JsonTypes() {}

  /** Whether {@code v} is an integral Java number (never a floating-point one). */
  static boolean isInteger(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger) {
      return true;
    }
    return v instanceof BigDecimal bd && (bd.signum() == 0 || bd.stripTrailingZeros().scale() <= 0);
  }

  /** Whether {@code v} is a finite number. */
  static boolean isNumber(Object v) {
    if (v instanceof Double d) {
      return Double.isFinite(d);
    }
    if (v instanceof Float f) {
      return Float.isFinite(f);
    }
    return v instanceof Number;
  }

  /** The JSON type name of a value. */
  static String typeName(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Boolean) {
      return "boolean";
    }
    if (isInteger(v)) {
      return "integer";
    }
    if (v instanceof Number) {
      return "number";
    }
    if (v instanceof Map) {
      return "object";
    }
    if (v instanceof List) {
      return "array";
    }
    return v.getClass().getSimpleName();
  }

  /** The exact decimal value of a finite number. */
  static BigDecimal decimal(Object n) {
    if (n instanceof BigDecimal bd) {
      return bd;
    }
    if (n instanceof BigInteger bi) {
      return new BigDecimal(bi);
    }
    if (n instanceof Double || n instanceof Float) {
      return new BigDecimal(((Number) n).doubleValue());
    }
    return BigDecimal.valueOf(((Number) n).longValue());
  }

  /** JSON equality: numbers by value, containers element-wise, everything else by equals. */
  static boolean jsonEquals(Object a, Object b) {
    if (a == b) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (a instanceof Number && b instanceof Number) {
      if (!isNumber(a) || !isNumber(b)) {
        return false;
      }
      return decimal(a).compareTo(decimal(b)) == 0;
    }
    if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
      if (ma.size() != mb.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : ma.entrySet()) {
        if (!mb.containsKey(e.getKey()) || !jsonEquals(e.getValue(), mb.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> la && b instanceof List<?> lb) {
      if (la.size() != lb.size()) {
        return false;
      }
      Iterator<?> ia = la.iterator();
      Iterator<?> ib = lb.iterator();
      while (ia.hasNext()) {
        if (!jsonEquals(ia.next(), ib.next())) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /**
   * A value with the same JSON meaning whose {@code equals}/{@code hashCode} are JSON equality:
   * numbers become stripped {@link BigDecimal}s, containers are normalised element-wise.
   */
  static Object normalized(Object v) {
    if (v instanceof Number && isNumber(v)) {
      BigDecimal d = decimal(v);
      return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    }
    if (v instanceof Map<?, ?> m) {
      java.util.HashMap<Object, Object> out = new java.util.HashMap<>();
      m.forEach((k, x) -> out.put(k, normalized(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      java.util.ArrayList<Object> out = new java.util.ArrayList<>(l.size());
      for (Object x : l) {
        out.add(normalized(x));
      }
      return out;
    }
    return v;
  }
}
