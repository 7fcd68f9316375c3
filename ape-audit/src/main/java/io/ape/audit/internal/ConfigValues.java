package io.ape.audit.internal;

import io.ape.api.ApeConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses configuration values; every error names the key. Sizes accept a plain number of
 * bytes or a suffix {@code KiB}/{@code K}/{@code KB}, {@code MiB}/{@code M}/{@code MB},
 * {@code GiB}/{@code G}/{@code GB} (all binary: 1 K = 1024); durations accept
 * {@code <n>ns|us|ms|s|m} or ISO-8601 ({@code PT0.5S}). Internal to ape-audit.
 */
public final class ConfigValues {
  private ConfigValues() {}

  /** Rejects keys under {@code prefix} that are not in {@code known} (catches typos). */
  public static void rejectUnknown(Map<String, String> properties, String prefix,
      Set<String> known) {
    Set<String> unknown = new TreeSet<>();
    for (String k : properties.keySet()) {
      if (k.startsWith(prefix) && !known.contains(k)) {
        unknown.add(k);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ApeConfigurationException("unknown configuration key(s) " + unknown
          + "; known keys are " + new TreeSet<>(known));
    }
  }

  /** A size in bytes. */
  public static long size(String key, String value) {
    String v = trimmed(key, value).toLowerCase(Locale.ROOT);
    long multiplier = 1;
    String[][] suffixes = {{"kib", "1024"}, {"kb", "1024"}, {"k", "1024"},
        {"mib", "1048576"}, {"mb", "1048576"}, {"m", "1048576"},
        {"gib", "1073741824"}, {"gb", "1073741824"}, {"g", "1073741824"}, {"b", "1"}};
    for (String[] s : suffixes) {
      if (v.endsWith(s[0])) {
        multiplier = Long.parseLong(s[1]);
        v = v.substring(0, v.length() - s[0].length()).trim();
        break;
      }
    }
    try {
      long n = Long.parseLong(v);
      if (n < 0) {
        throw new NumberFormatException("negative");
      }
      return Math.multiplyExact(n, multiplier);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new ApeConfigurationException(key + " must be a size such as 65536, 64KiB or 64MiB,"
          + " but was '" + value + "'");
    }
  }

  /** A non-negative int. */
  public static int integer(String key, String value) {
    try {
      int n = Integer.parseInt(trimmed(key, value));
      if (n < 0) {
        throw new NumberFormatException("negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ApeConfigurationException(key + " must be a non-negative integer, but was '"
          + value + "'");
    }
  }

  /** A non-negative duration. */
  public static Duration duration(String key, String value) {
    String v = trimmed(key, value);
    try {
      Duration d;
      if (v.startsWith("P") || v.startsWith("p")) {
        d = Duration.parse(v.toUpperCase(Locale.ROOT));
      } else {
        String lower = v.toLowerCase(Locale.ROOT);
        if (lower.endsWith("ns")) {
          d = Duration.ofNanos(Long.parseLong(lower.substring(0, lower.length() - 2).trim()));
        } else if (lower.endsWith("us")) {
          d = Duration.ofNanos(Math.multiplyExact(
              Long.parseLong(lower.substring(0, lower.length() - 2).trim()), 1000L));
        } else if (lower.endsWith("ms")) {
          d = Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2).trim()));
        } else if (lower.endsWith("s")) {
          d = Duration.ofSeconds(Long.parseLong(lower.substring(0, lower.length() - 1).trim()));
        } else if (lower.endsWith("m")) {
          d = Duration.ofMinutes(Long.parseLong(lower.substring(0, lower.length() - 1).trim()));
        } else if (lower.equals("0")) {
          d = Duration.ZERO;
        } else {
          throw new NumberFormatException("no unit");
        }
      }
      if (d.isNegative()) {
        throw new NumberFormatException("negative");
      }
      return d;
    } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
      throw new ApeConfigurationException(key + " must be a duration such as 500us, 2ms, 30s "
          + "or PT0.5S, but was '" + value + "'");
    }
  }

  private static String trimmed(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new ApeConfigurationException(key + " is set but empty");
    }
    return value.trim();
  }
}
