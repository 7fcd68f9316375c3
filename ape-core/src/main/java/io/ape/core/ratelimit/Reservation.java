package io.ape.core.ratelimit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A granted reservation: the action was counted against every applicable limit and, in a
 * session, its risk was added to the session's reserved risk. A reservation cannot be
 * returned: it stays counted whether or not the action then runs (see {@link RateLimiter}).
 *
 * @param actionId the action that was counted
 * @param at when it was counted
 * @param riskScore the risk it reserved (0 outside a session budget)
 * @param sessionRisk the session's reserved risk after this reservation (0 without a session)
 * @param limits the labels of the limits it was counted against, e.g.
 *     {@code action:write_file/per_minute} (never the concrete target)
 */
public record Reservation(String actionId, Instant at, double riskScore, double sessionRisk,
    List<String> limits) {
  public Reservation {
    Objects.requireNonNull(actionId, "actionId");
    Objects.requireNonNull(at, "at");
    limits = List.copyOf(limits);
  }
}
