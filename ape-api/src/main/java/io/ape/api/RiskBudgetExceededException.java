package io.ape.api;

import java.time.Instant;

/**
 * The session's risk budget would be exceeded: the risk already reserved in the session plus
 * the risk of this action is more than the budget. A risk budget does not reset within a
 * session, so {@link #resetAt()} is {@link Instant#MAX} and {@link #limitType()} is
 * {@code risk_budget}. {@link #limit()} is the budget rounded down; {@link #budget()} is exact.
 *
 * @since 0.1.0
 */
public class RiskBudgetExceededException extends RateLimitExceededException {
  private static final long serialVersionUID = 1L;

  /** The {@link #limitType()} of every risk-budget refusal. */
  public static final String LIMIT_TYPE = "risk_budget";

  private final double budget;
  private final double cumulativeRisk;
  private final double requestedRisk;

  /**
   * Creates the exception.
   *
   * @param actionId the action that was refused
   * @param budget the session's maximum cumulative risk
   * @param cumulativeRisk the risk already reserved in the session
   * @param requestedRisk the risk of the refused action
   * @param message a human-readable message
   */
  public RiskBudgetExceededException(String actionId, double budget, double cumulativeRisk,
      double requestedRisk, String message) {
    super(actionId, LIMIT_TYPE, (long) Math.floor(budget), Instant.MAX, message);
    this.budget = budget;
    this.cumulativeRisk = cumulativeRisk;
    this.requestedRisk = requestedRisk;
  }

  /** The session's maximum cumulative risk. */
  public double budget() {
    return budget;
  }

  /** The risk already reserved in the session when the action was refused. */
  public double cumulativeRisk() {
    return cumulativeRisk;
  }

  /** The risk of the refused action. */
  public double requestedRisk() {
    return requestedRisk;
  }
}
