package io.ape.core.orchestrator;

import io.ape.api.RateLimitExceededException;
import io.ape.api.RiskLevel;

/**
 * Reserves a slot for one step just before authority is issued for it. The orchestrator calls
 * {@link #reserve} exactly once per step that is about to be issued, and issues nothing when it
 * throws. Implementations must check and record atomically (a reservation that succeeds counts).
 */
@FunctionalInterface
public interface ExecutionLimiter {
  /** A limiter that never refuses. */
  ExecutionLimiter UNLIMITED = (session, action, target, risk) -> { };

  /**
   * Reserves a slot.
   *
   * @param sessionId the session (or the run id of a call outside a session)
   * @param actionId the action about to be authorised
   * @param target the step's main target (its {@code path}, {@code url}, ... or {@code ""})
   * @param risk the action's risk level
   * @throws RateLimitExceededException if a limit or the risk budget would be exceeded
   */
  void reserve(String sessionId, String actionId, String target, RiskLevel risk);
}
