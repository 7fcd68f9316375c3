package io.ape.agentdojo.yaml;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Python's text forms of scalars, where the benchmark's behaviour depends on them: {@code
 * repr(float)} (used by f-strings such as {@code f"{amount}"}), {@code str(datetime)} and {@code
 * date.isoformat()}.
 *
 * <p>{@link #floatRepr(double)} takes its digits from {@link Double#toString(double)}, which on
 * Java 17 is the shortest round-tripping form for all but a few rare values (JDK-4511638); for
 * those the text has one more digit than Python's.
 *
 * @since 0.2.0
 */
public final class PyRepr {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private PyRepr() {}

  /** {@code repr(x)} of a Python float: {@code 98.7}, {@code 100.0}, {@code 1e-05}, {@code inf}. */
  public static String floatRepr(double x) {
    if (Double.isNaN(x)) {
      return "nan";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "inf" : "-inf";
    }
    if (x == 0.0) {
      return (1 / x < 0) ? "-0.0" : "0.0";
    }
    BigDecimal d = new BigDecimal(Double.toString(x)).stripTrailingZeros();
    String digits = d.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - d.scale(); // x = 0.d1d2.. * 10^(exponent+1)
    String sign = x < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String exp = String.format("%02d", Math.abs(exponent));
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }
    String plain = d.abs().toPlainString();
    if (!plain.contains(".")) {
      plain = plain + ".0";
    }
    return sign + plain;
  }

  /** {@code str(datetime)}: {@code 2024-05-15 10:00:00}, with microseconds when non-zero. */
  public static String datetime(LocalDateTime t) {
    return (t.getNano() / 1000 == 0 ? SECONDS : MICROS).format(t);
  }

  /** {@code datetime.isoformat()}: {@code 2024-05-15T10:00:00}. */
  public static String datetimeIso(LocalDateTime t) {
    return datetime(t).replace(' ', 'T');
  }

  /** {@code date.isoformat()}: {@code 2024-05-15}. */
  public static String date(LocalDate d) {
    return d.toString();
  }
}
