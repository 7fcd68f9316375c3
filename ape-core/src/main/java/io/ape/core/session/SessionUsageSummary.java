package io.ape.core.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A consistent snapshot of a session's usage. It carries no session id (the id is a bearer
 * secret), so it can be logged or shown as it is.
 *
 * @param userId the session's user
 * @param tenantId the session's tenant
 * @param status the status at the time of the snapshot
 * @param createdAt when the session was created
 * @param expiresAt when it expires
 * @param timeRemaining the time left, zero unless active
 * @param actionsExecuted the ids of the actions recorded, in order
 * @param cumulativeRisk the sum of their risk scores ({@link io.ape.api.RiskLevel#score()})
 * @param tokensIssued the authority tokens issued in the session
 */
public record SessionUsageSummary(String userId, String tenantId, SessionStatus status,
    Instant createdAt, Instant expiresAt, Duration timeRemaining, List<String> actionsExecuted,
    double cumulativeRisk, long tokensIssued) {
  public SessionUsageSummary {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(timeRemaining, "timeRemaining");
    actionsExecuted = List.copyOf(actionsExecuted);
  }

  /** The number of actions recorded. */
  public int totalActions() {
    return actionsExecuted.size();
  }
}
