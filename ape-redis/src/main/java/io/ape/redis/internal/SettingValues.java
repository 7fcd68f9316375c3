package io.ape.redis.internal;

import io.ape.api.ApeConfigurationException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Parses configuration values; every error names the key. Internal to ape-redis. */
public final class SettingValues {
  private SettingValues() {}

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

  /** A duration: {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}, {@code 7d} or ISO-8601. */
  public static Duration duration(String key, String value) {
    String v = text(key, value).toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("p")) {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      }
      String[][] units = {{"ms", "1"}, {"s", "1000"}, {"m", "60000"}, {"h", "3600000"},
          {"d", "86400000"}};
      for (String[] u : units) {
        if (v.endsWith(u[0])) {
          long n = Long.parseLong(v.substring(0, v.length() - u[0].length()).trim());
          if (n < 0) {
            break;
          }
          return Duration.ofMillis(Math.multiplyExact(n, Long.parseLong(u[1])));
        }
      }
    } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
      // reported below
    }
    throw new ApeConfigurationException(key + " must be a duration such as 500ms, 2s, 5m, 1h, "
        + "7d or PT0.5S, but was '" + value + "'");
  }

  /** A non-negative int. */
  public static int integer(String key, String value) {
    try {
      int n = Integer.parseInt(text(key, value));
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ApeConfigurationException(key + " must be a non-negative integer, but was '"
        + value + "'");
  }

  /** {@code true} or {@code false}. */
  public static boolean bool(String key, String value) {
    String v = text(key, value).toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("false")) {
      return v.equals("true");
    }
    throw new ApeConfigurationException(key + " must be true or false, but was '" + value + "'");
  }

  /** A path. */
  public static Path path(String key, String value) {
    try {
      return Path.of(text(key, value));
    } catch (InvalidPathException e) {
      throw new ApeConfigurationException(key + " is not a valid path: '" + value + "'", e);
    }
  }

  /** A non-blank value, trimmed. */
  public static String text(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new ApeConfigurationException(key + " is set but empty");
    }
    return value.trim();
  }

  /** The URI without user information (for logs and messages). */
  public static String withoutCredentials(String uri) {
    if (uri == null) {
      return "null";
    }
    int scheme = uri.indexOf("://");
    int at = uri.lastIndexOf('@');
    if (scheme < 0 || at < scheme) {
      return uri;
    }
    return uri.substring(0, scheme + 3) + "***@" + uri.substring(at + 1);
  }
}
