package io.ape.audit;

import io.ape.api.ApeConfigurationException;
import java.util.Locale;

/** How much of an event's parameters the SLF4J sink writes to the application log. */
public enum LoggedParameters {
  /** The (already redacted) parameter values. */
  VALUES,
  /** Only the parameter names (the default: application logs are often widely readable). */
  KEYS,
  /** No parameters. */
  NONE;

  /** The configuration keyword: {@code values}, {@code keys} or {@code none}. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a configuration keyword.
   *
   * @throws ApeConfigurationException naming {@code key} for anything else
   */
  public static LoggedParameters fromKeyword(String key, String value) {
    if (value != null) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      for (LoggedParameters p : values()) {
        if (p.keyword().equals(v)) {
          return p;
        }
      }
    }
    throw new ApeConfigurationException(key + " must be values, keys or none, but was '"
        + value + "'");
  }
}
