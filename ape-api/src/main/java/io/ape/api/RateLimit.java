package io.ape.api;

import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code max} actions per sliding {@code window}, in one scope.
 *
 * @param scope what is counted
 * @param key the action id (ACTION), the target glob (TARGET), or {@code ""} (GLOBAL, SESSION)
 * @param window the window length, positive
 * @param max the maximum count in any window, at least 0 (0 forbids the scope entirely)
 *
 * @since 0.1.0
 */
public record RateLimit(RateLimitScope scope, String key, Duration window, int max) {
  public RateLimit {
    Objects.requireNonNull(scope, "scope");
    key = key == null ? "" : key;
    Objects.requireNonNull(window, "window");
    if (window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("rate limit window must be positive: " + window);
    }
    if (max < 0) {
      throw new IllegalArgumentException("rate limit max must not be negative: " + max);
    }
  }
}
