package io.ape.agentdojo.env;

import io.ape.agentdojo.AgentDojoException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pydantic v2's lax coercions for the scalar types the benchmark declares: {@code str}, {@code
 * int}, {@code float}, {@code bool}, {@code datetime} and {@code date}. A value that pydantic
 * would reject is an {@link AgentDojoException} with the path.
 *
 * <p>{@code str} accepts only strings (pydantic v2 does not turn numbers into strings); {@code
 * int} accepts integers, integral floats and decimal strings; {@code float} accepts numbers and
 * numeric strings; {@code bool} accepts booleans, 0/1 and pydantic's words ({@code true}, {@code
 * yes}, {@code on}, ...); datetimes accept {@code YYYY-MM-DD[T| ]HH:MM[:SS[.ffffff]]} and a date.
 *
 * @since 0.2.0
 */
public final class Coerce {
  private static final Pattern DATETIME =
      Pattern.compile(
          "^(\\d{4})-(\\d{2})-(\\d{2})(?:[T t](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,6}))?)?)?$");

  private Coerce() {}

  /** A {@code str}. */
  public static String str(Object v, String path) {
    if (v instanceof String s) {
      return s;
    }
    throw TreeReader.error(path, "a string", v);
  }

  /** A {@code float}. */
  public static double dbl(Object v, String path) {
    if (v instanceof Double d) {
      return d;
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof BigInteger b) {
      return b.doubleValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof BigDecimal b) {
      return b.doubleValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.strip());
      } catch (NumberFormatException e) {
        throw new AgentDojoException(path + ": input should be a valid number, got '" + s + "'");
      }
    }
    throw TreeReader.error(path, "a number", v);
  }

  /** An {@code int}. */
  public static long lng(Object v, String path) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.0e18) {
        return (long) d;
      }
      throw new AgentDojoException(path + ": input should be a valid integer, got " + v);
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.strip());
      } catch (NumberFormatException e) {
        throw new AgentDojoException(path + ": input should be a valid integer, got '" + s + "'");
      }
    }
    throw TreeReader.error(path, "an integer", v);
  }

  /** A {@code bool}. */
  public static boolean bool(Object v, String path) {
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Long || v instanceof Integer) {
      long n = ((Number) v).longValue();
      if (n == 0 || n == 1) {
        return n == 1;
      }
    }
    if (v instanceof Double d && (d == 0.0 || d == 1.0)) {
      return d == 1.0;
    }
    if (v instanceof String s) {
      switch (s.strip().toLowerCase(Locale.ROOT)) {
        case "1", "on", "t", "true", "y", "yes":
          return true;
        case "0", "off", "f", "false", "n", "no":
          return false;
        default:
          break;
      }
    }
    throw TreeReader.error(path, "a boolean", v);
  }

  /** A {@code datetime}. */
  public static LocalDateTime dateTime(Object v, String path) {
    if (v instanceof LocalDateTime t) {
      return t;
    }
    if (v instanceof LocalDate d) {
      return d.atStartOfDay();
    }
    if (v instanceof String s) {
      Matcher m = DATETIME.matcher(s.strip());
      if (m.matches()) {
        try {
          LocalDate date =
              LocalDate.of(
                  Integer.parseInt(m.group(1)),
                  Integer.parseInt(m.group(2)),
                  Integer.parseInt(m.group(3)));
          if (m.group(4) == null) {
            return date.atStartOfDay();
          }
          int seconds = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
          int micros =
              m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "00000").substring(0, 6));
          return LocalDateTime.of(
              date,
              LocalTime.of(
                  Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), seconds, micros * 1000));
        } catch (java.time.DateTimeException e) {
          throw new AgentDojoException(path + ": invalid datetime '" + s + "'");
        }
      }
      throw new AgentDojoException(path + ": invalid datetime '" + s + "'");
    }
    throw TreeReader.error(path, "a datetime", v);
  }

  /** A {@code date}. */
  public static LocalDate date(Object v, String path) {
    if (v instanceof LocalDate d) {
      return d;
    }
    if (v instanceof String s) {
      try {
        return LocalDate.parse(s.strip());
      } catch (java.time.DateTimeException e) {
        throw new AgentDojoException(path + ": invalid date '" + s + "'");
      }
    }
    throw TreeReader.error(path, "a date", v);
  }
}
