package io.ape.core.session;

/**
 * Limits of one session, given to {@link SessionManager#create(String, String,
 * java.time.Duration, SessionLimits)}. They can only tighten what the manager and its rate
 * limiters already enforce.
 *
 * @param maxActions the most actions the session may reserve (at least 0; the manager's
 *     {@code maxActionsPerSession} applies if it is smaller)
 * @param maxCumulativeRisk the session's risk budget (inclusive; at least 0,
 *     {@link Double#POSITIVE_INFINITY} for none beyond the rate limiters' own). It is enforced
 *     by the manager's rate limiters, so a finite budget needs at least one.
 */
public record SessionLimits(int maxActions, double maxCumulativeRisk) {
  /** No limits beyond the manager's and its rate limiters'. */
  public static final SessionLimits NONE =
      new SessionLimits(Integer.MAX_VALUE, Double.POSITIVE_INFINITY);

  public SessionLimits {
    if (maxActions < 0) {
      throw new IllegalArgumentException("maxActions must not be negative: " + maxActions);
    }
    if (Double.isNaN(maxCumulativeRisk) || maxCumulativeRisk < 0) {
      throw new IllegalArgumentException("the risk budget must be a number of at least 0: "
          + maxCumulativeRisk);
    }
  }

  /** {@code true} if the risk budget is finite. */
  public boolean hasRiskBudget() {
    return !Double.isInfinite(maxCumulativeRisk);
  }
}
