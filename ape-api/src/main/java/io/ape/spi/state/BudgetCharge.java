package io.ape.spi.state;

import java.time.Duration;
import java.util.Objects;

/**
 * An amount to add to a running total that must stay at most {@code max} (a session's risk
 * budget).
 *
 * @param key the total (e.g. {@code risk:<session>})
 * @param amount what this use adds, finite and not negative
 * @param max the most the total may reach, not negative ({@code +Infinity} for no limit)
 * @param ttl how long the total is kept after its last change (the session's lifetime)
 * @since 0.2.0
 */
public record BudgetCharge(String key, double amount, double max, Duration ttl) {
  public BudgetCharge {
    Objects.requireNonNull(key, "key");
    if (!Double.isFinite(amount) || amount < 0) {
      throw new IllegalArgumentException("amount must be finite and not negative: " + amount);
    }
    if (Double.isNaN(max) || max < 0) {
      throw new IllegalArgumentException("max must not be negative: " + max);
    }
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be positive: " + ttl);
    }
  }
}
