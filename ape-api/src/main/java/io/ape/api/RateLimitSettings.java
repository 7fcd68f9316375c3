package io.ape.api;

import java.util.List;

/**
 * The {@code rate_limits} section of a policy.
 *
 * <pre>{@code
 * rate_limits:
 *   global_per_minute: 120
 *   per_session_per_minute: 30
 *   max_cumulative_risk: 3.0
 *   actions:
 *     write_file: { per_minute: 5, per_hour: 50, per_day: 200 }
 *   targets:
 *     "*.github.com": { per_minute: 10 }
 * }</pre>
 *
 * @param limits every configured limit (possibly empty)
 * @param maxCumulativeRisk the session risk budget; {@link Double#POSITIVE_INFINITY} if unset
 *
 * @since 0.1.0
 */
public record RateLimitSettings(List<RateLimit> limits, double maxCumulativeRisk) {
  private static final RateLimitSettings NONE =
      new RateLimitSettings(List.of(), Double.POSITIVE_INFINITY);

  public RateLimitSettings {
    limits = List.copyOf(limits);
    if (Double.isNaN(maxCumulativeRisk) || maxCumulativeRisk < 0) {
      throw new IllegalArgumentException(
          "max_cumulative_risk must be a non-negative number: " + maxCumulativeRisk);
    }
  }

  /** No limits. */
  public static RateLimitSettings none() {
    return NONE;
  }

  /** {@code true} if nothing is limited. */
  public boolean isEmpty() {
    return limits.isEmpty() && maxCumulativeRisk == Double.POSITIVE_INFINITY;
  }
}
