package io.ape.core.ratelimit;

import io.ape.api.ApeConfigurationException;
import io.ape.api.RateLimit;
import io.ape.api.RateLimitScope;
import java.time.Duration;

/**
 * One configured limit, resolved: its label (the {@code limitType} of the refusal), its
 * maximum and its window in whole milliseconds (rounded up).
 */
record Limit(RateLimit source, String label, int max, long windowMillis) {
  /** The longest window a limiter accepts. */
  static final Duration MAX_WINDOW = Duration.ofDays(366);

  static Limit of(RateLimit limit) {
    Duration window = limit.window();
    if (window.compareTo(MAX_WINDOW) > 0) {
      throw new ApeConfigurationException("rate limit " + label(limit) + ": window " + window
          + " is longer than the supported maximum of 366 days");
    }
    long millis = window.toMillis();
    if (Duration.ofMillis(millis).compareTo(window) < 0) {
      millis++;
    }
    return new Limit(limit, label(limit), limit.max(), millis);
  }

  SlidingWindow newWindow() {
    return SlidingWindow.of(max, windowMillis);
  }

  /** {@code global/per_minute}, {@code action:write_file/per_hour}, {@code target:*.corp/per_day}. */
  static String label(RateLimit limit) {
    String scope;
    if (limit.scope() == RateLimitScope.ACTION) {
      scope = "action:" + limit.key();
    } else if (limit.scope() == RateLimitScope.TARGET) {
      scope = "target:" + limit.key();
    } else {
      scope = limit.scope() == RateLimitScope.GLOBAL ? "global" : "session";
    }
    return scope + "/" + windowName(limit.window());
  }

  /** {@code per_minute}, {@code per_hour}, {@code per_day}, {@code per_second}, else {@code per_PT30S}. */
  static String windowName(Duration window) {
    if (window.equals(Duration.ofSeconds(1))) {
      return "per_second";
    }
    if (window.equals(Duration.ofMinutes(1))) {
      return "per_minute";
    }
    if (window.equals(Duration.ofHours(1))) {
      return "per_hour";
    }
    if (window.equals(Duration.ofDays(1))) {
      return "per_day";
    }
    return "per_" + window;
  }
}
