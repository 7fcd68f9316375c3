package io.ape.agentdojo.suites.shared;

import io.ape.agentdojo.tools.ToolFailure;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The date parsing of the tools, with Python's acceptance rules and errors: {@code
 * datetime.strptime(s, "%Y-%m-%d %H:%M")}, {@code datetime.strptime(s, "%Y-%m-%d")} and {@code
 * datetime.fromisoformat(s)} (Python 3.11).
 *
 * @since 0.2.0
 */
public final class PyTime {
  private static final Pattern YMD_HM = Pattern.compile("^(\\d{4})-(\\d{1,2})-(\\d{1,2}) (\\d{1,2}):(\\d{1,2})$");
  private static final Pattern YMD = Pattern.compile("^(\\d{4})-(\\d{1,2})-(\\d{1,2})$");
  private static final Pattern ISO =
      Pattern.compile("^(\\d{4})-(\\d{2})-(\\d{2})(?:[T ](\\d{2})(?::(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,6}))?)?)?)?$");

  private PyTime() {}

  /** {@code datetime.strptime(s, "%Y-%m-%d %H:%M")}. */
  public static LocalDateTime strptimeMinutes(String s) throws ToolFailure {
    Matcher m = YMD_HM.matcher(s);
    try {
      if (m.matches()) {
        return LocalDateTime.of(num(m, 1), num(m, 2), num(m, 3), num(m, 4), num(m, 5));
      }
    } catch (DateTimeException e) {
      throw ToolFailure.valueError("unconverted data or invalid date in '" + s + "'");
    }
    throw ToolFailure.valueError("time data '" + s + "' does not match format '%Y-%m-%d %H:%M'");
  }

  /** {@code datetime.strptime(s, "%Y-%m-%d").date()}. */
  public static LocalDate strptimeDay(String s) throws ToolFailure {
    Matcher m = YMD.matcher(s);
    try {
      if (m.matches()) {
        return LocalDate.of(num(m, 1), num(m, 2), num(m, 3));
      }
    } catch (DateTimeException e) {
      throw ToolFailure.valueError("invalid date in '" + s + "'");
    }
    throw ToolFailure.valueError("time data '" + s + "' does not match format '%Y-%m-%d'");
  }

  /** {@code datetime.fromisoformat(s)} for the forms without a time zone. */
  public static LocalDateTime fromIsoFormat(String s) throws ToolFailure {
    Matcher m = ISO.matcher(s);
    try {
      if (m.matches()) {
        LocalDate d = LocalDate.of(num(m, 1), num(m, 2), num(m, 3));
        if (m.group(4) == null) {
          return d.atStartOfDay();
        }
        int minute = m.group(5) == null ? 0 : num(m, 5);
        int second = m.group(6) == null ? 0 : num(m, 6);
        int micros = m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "00000").substring(0, 6));
        return LocalDateTime.of(d, LocalTime.of(num(m, 4), minute, second, micros * 1000));
      }
    } catch (DateTimeException e) {
      throw ToolFailure.valueError("Invalid isoformat string: '" + s + "'");
    }
    throw ToolFailure.valueError("Invalid isoformat string: '" + s + "'");
  }

  /** {@code dt.strftime("%m-%d")}. */
  public static String monthDay(LocalDateTime t) {
    return String.format("%02d-%02d", t.getMonthValue(), t.getDayOfMonth());
  }

  /** {@code dt.strftime("%H:%M")}. */
  public static String hourMinute(LocalDateTime t) {
    return String.format("%02d:%02d", t.getHour(), t.getMinute());
  }

  private static int num(Matcher m, int g) {
    return Integer.parseInt(m.group(g));
  }
}
