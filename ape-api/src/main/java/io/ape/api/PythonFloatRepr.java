package io.ape.api;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr(float)}: the shortest decimal string that reads back as the same
 * {@code double} (closest to the exact value when several have that length), in fixed notation
 * when the decimal exponent is in {@code [-4, 16)} and in {@code d.ddde±XX} notation otherwise.
 *
 * <p>{@link Double#toString(double)} is not used because before JDK 19 it does not always
 * produce the shortest digits.
 */
final class PythonFloatRepr {
  private PythonFloatRepr() {}

  static String repr(double d) {
    StringBuilder sb = new StringBuilder(24);
    append(sb, d);
    return sb.toString();
  }

  static void append(StringBuilder sb, double d) {
    if (Double.isNaN(d)) {
      sb.append("NaN");
      return;
    }
    if (Double.isInfinite(d)) {
      sb.append(d > 0 ? "Infinity" : "-Infinity");
      return;
    }
    if (d == 0.0) {
      sb.append(1.0 / d < 0 ? "-0.0" : "0.0");
      return;
    }
    if (d < 0) {
      sb.append('-');
      d = -d;
    }
    BigDecimal shortest = shortest(d);
    String digits = shortest.unscaledValue().toString();
    // strip trailing zeros of the digit string (the value is unchanged)
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    int trailing = digits.length() - end;
    digits = digits.substring(0, end);
    // value = digits * 10^(trailing - scale) = 0.digits * 10^decpt
    int decpt = digits.length() + trailing - shortest.scale();
    if (decpt <= -4 || decpt > 16) {
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      int exp = decpt - 1;
      sb.append('e').append(exp < 0 ? '-' : '+');
      int abs = Math.abs(exp);
      if (abs < 10) {
        sb.append('0');
      }
      sb.append(abs);
    } else if (decpt <= 0) {
      sb.append("0.");
      for (int k = 0; k < -decpt; k++) {
        sb.append('0');
      }
      sb.append(digits);
    } else if (decpt < digits.length()) {
      sb.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
    } else {
      sb.append(digits);
      for (int k = digits.length(); k < decpt; k++) {
        sb.append('0');
      }
      sb.append(".0");
    }
  }

  /** The shortest decimal that rounds back to {@code d} (positive, finite, non-zero). */
  private static BigDecimal shortest(double d) {
    BigDecimal exact = new BigDecimal(d);
    for (int p = 1; p <= 17; p++) {
      BigDecimal nearest = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (nearest.doubleValue() == d) {
        return nearest;
      }
      // At a power-of-two boundary the round-trip interval is asymmetric: a candidate farther
      // away on the wide side may read back while the nearest does not.
      BigDecimal down = exact.round(new MathContext(p, RoundingMode.FLOOR));
      BigDecimal up = exact.round(new MathContext(p, RoundingMode.CEILING));
      boolean downOk = down.doubleValue() == d;
      boolean upOk = up.doubleValue() == d;
      if (downOk && upOk) {
        return exact.subtract(down).compareTo(up.subtract(exact)) <= 0 ? down : up;
      }
      if (downOk) {
        return down;
      }
      if (upOk) {
        return up;
      }
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
  }
}
