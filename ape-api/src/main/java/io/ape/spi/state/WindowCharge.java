package io.ape.spi.state;

import java.time.Duration;
import java.util.Objects;

/**
 * One use to record in a sliding window: at most {@code max} uses in any {@code window}.
 *
 * @param key the counter (e.g. {@code session:<id>}, {@code action:write_file},
 *     {@code target:*.github.com}, {@code global}); one key per pattern, never per concrete value
 * @param window the window length, positive
 * @param max the most uses the window admits, at least 0
 * @since 0.2.0
 */
public record WindowCharge(String key, Duration window, int max) {
  public WindowCharge {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(window, "window");
    if (window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException("window must be positive: " + window);
    }
    if (max < 0) {
      throw new IllegalArgumentException("max must not be negative: " + max);
    }
  }
}
