package io.ape.api;

import java.time.Instant;

/**
 * A rate limit or the risk budget would be exceeded (seed: {@code RateLimitExceededError}).
 *
 * @since 0.1.0
 */
public class RateLimitExceededException extends ApeException {
  private static final long serialVersionUID = 1L;

  private final String actionId;
  private final String limitType;
  private final long limit;
  private final Instant resetAt;

  /**
   * Creates the exception.
   *
   * @param actionId the action that was refused
   * @param limitType which limit, e.g. {@code action:write_file/1m} or {@code risk_budget}
   * @param limit the configured maximum
   * @param resetAt when the next slot frees up ({@link Instant#MAX} if never)
   * @param message a human-readable message
   */
  public RateLimitExceededException(String actionId, String limitType, long limit, Instant resetAt,
      String message) {
    super(message);
    this.actionId = actionId;
    this.limitType = limitType;
    this.limit = limit;
    this.resetAt = resetAt;
  }

  /** The action that was refused. */
  public String actionId() {
    return actionId;
  }

  /** Which limit was hit. */
  public String limitType() {
    return limitType;
  }

  /** The configured maximum. */
  public long limit() {
    return limit;
  }

  /** When the next slot frees up. */
  public Instant resetAt() {
    return resetAt;
  }
}
