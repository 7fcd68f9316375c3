package io.ape.core.ratelimit;

import java.math.BigDecimal;
import java.util.List;

/**
 * A snapshot of a limiter's usage as seen by one session (the shared limits plus that
 * session's own). Each limit is read under its own lock; the snapshot as a whole is not atomic.
 *
 * @param limits every shared limit and, for a session, every session limit
 * @param cumulativeRisk the risk reserved by the session so far (0 without a session)
 * @param maxCumulativeRisk the session risk budget ({@link Double#POSITIVE_INFINITY} if none)
 */
public record RateLimitUsage(List<LimitUsage> limits, double cumulativeRisk,
    double maxCumulativeRisk) {
  public RateLimitUsage {
    limits = List.copyOf(limits);
  }

  /** The risk the session may still reserve ({@link Double#POSITIVE_INFINITY} if unbounded). */
  public double riskRemaining() {
    if (Double.isInfinite(maxCumulativeRisk)) {
      return Double.POSITIVE_INFINITY;
    }
    BigDecimal left = BigDecimal.valueOf(maxCumulativeRisk).subtract(BigDecimal.valueOf(cumulativeRisk));
    return Math.max(0, left.doubleValue());
  }
}
