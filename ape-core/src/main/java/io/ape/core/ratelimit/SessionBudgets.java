package io.ape.core.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * The budgets of one session in the {@link io.ape.spi.state.LimitLedger}: its action cap and its
 * risk budget, kept under its non-secret reference ({@code actions:<ref>}, {@code risk:<ref>})
 * for its lifetime. The ledger's totals are the session's only tally of actions reserved and
 * risk spent: there is no second one. Immutable; equality covers every field.
 *
 * @since 0.2.0
 */
public final class SessionBudgets {
  /** The {@link io.ape.api.RateLimitExceededException#limitType()} of the session action cap. */
  public static final String ACTIONS_LIMIT_TYPE = "session_actions";

  private final String reference;
  private final int maxActions;
  private final double maxCumulativeRisk;
  private final Duration ttl;
  private final String riskKey;
  private final String actionsKey;

  /**
   * The budgets of a session.
   *
   * @param reference the session's non-secret reference
   * @param maxActions the most actions it may reserve (at least 0)
   * @param maxCumulativeRisk its own risk budget, inclusive ({@code +Infinity} for none; the
   *     policy's {@code max_cumulative_risk} applies too, whichever is smaller)
   * @param ttl how long the totals are kept (the session's lifetime), positive
   */
  public SessionBudgets(String reference, int maxActions, double maxCumulativeRisk,
      Duration ttl) {
    Objects.requireNonNull(reference, "reference");
    if (reference.isEmpty()) {
      throw new IllegalArgumentException("a session reference must not be empty");
    }
    if (maxActions < 0) {
      throw new IllegalArgumentException("maxActions must not be negative: " + maxActions);
    }
    if (Double.isNaN(maxCumulativeRisk) || maxCumulativeRisk < 0) {
      throw new IllegalArgumentException("the risk budget must be a number of at least 0: "
          + maxCumulativeRisk);
    }
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be positive: " + ttl);
    }
    this.reference = reference;
    this.maxActions = maxActions;
    this.maxCumulativeRisk = maxCumulativeRisk;
    this.ttl = ttl;
    this.riskKey = LedgerLimits.budgetKey(reference);
    this.actionsKey = "actions:" + reference;
  }

  /** The session's non-secret reference. */
  public String reference() {
    return reference;
  }

  /** The most actions the session may reserve. */
  public int maxActions() {
    return maxActions;
  }

  /** The session's own risk budget ({@code +Infinity} for none). */
  public double maxCumulativeRisk() {
    return maxCumulativeRisk;
  }

  /** How long the totals are kept. */
  public Duration ttl() {
    return ttl;
  }

  /** The ledger key of the session's risk total. */
  public String riskKey() {
    return riskKey;
  }

  /** The ledger key of the session's count of reserved actions. */
  public String actionsKey() {
    return actionsKey;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionBudgets b && b.reference.equals(reference)
        && b.maxActions == maxActions && Double.compare(b.maxCumulativeRisk, maxCumulativeRisk) == 0
        && b.ttl.equals(ttl);
  }

  @Override
  public int hashCode() {
    return Objects.hash(reference, maxActions, maxCumulativeRisk, ttl);
  }

  @Override
  public String toString() {
    return "SessionBudgets[" + reference + ", maxActions=" + maxActions + ", maxCumulativeRisk="
        + maxCumulativeRisk + ", ttl=" + ttl + "]";
  }
}
