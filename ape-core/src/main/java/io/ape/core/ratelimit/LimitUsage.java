package io.ape.core.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * How much of one limit is in use right now.
 *
 * @param limitType the limit's label, e.g. {@code global/per_minute} or
 *     {@code target:*.github.com/per_hour}
 * @param used the events currently counted in the window (a bucketed window may count up to
 *     one bucket more than the exact window, see {@link RateLimiter})
 * @param max the limit
 * @param window the window length
 */
public record LimitUsage(String limitType, int used, int max, Duration window) {
  public LimitUsage {
    Objects.requireNonNull(limitType, "limitType");
    Objects.requireNonNull(window, "window");
  }

  /** How many more events the window accepts now. */
  public int remaining() {
    return Math.max(0, max - used);
  }
}
