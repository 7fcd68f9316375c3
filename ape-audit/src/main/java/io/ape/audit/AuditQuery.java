package io.ape.audit;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.Outcome;
import java.time.Instant;
import java.util.Optional;

/**
 * A filter on audit records; every criterion that is set must hold (an empty query matches
 * everything). Immutable; the {@code with…} methods return modified copies.
 *
 * @param sessionId only this session
 * @param actionId only this action
 * @param decision only records with this decision
 * @param type only this event type
 * @param since only records at or after this instant
 * @param until only records before this instant
 */
public record AuditQuery(Optional<String> sessionId, Optional<String> actionId,
    Optional<Outcome> decision, Optional<AuditEventType> type, Optional<Instant> since,
    Optional<Instant> until) {
  private static final AuditQuery ALL = new AuditQuery(Optional.empty(), Optional.empty(),
      Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

  public AuditQuery {
    sessionId = sessionId == null ? Optional.empty() : sessionId;
    actionId = actionId == null ? Optional.empty() : actionId;
    decision = decision == null ? Optional.empty() : decision;
    type = type == null ? Optional.empty() : type;
    since = since == null ? Optional.empty() : since;
    until = until == null ? Optional.empty() : until;
  }

  /** Matches every record. */
  public static AuditQuery all() {
    return ALL;
  }

  /** A copy that also requires the session. */
  public AuditQuery withSession(String session) {
    return new AuditQuery(Optional.of(session), actionId, decision, type, since, until);
  }

  /** A copy that also requires the action. */
  public AuditQuery withAction(String action) {
    return new AuditQuery(sessionId, Optional.of(action), decision, type, since, until);
  }

  /** A copy that also requires the decision. */
  public AuditQuery withDecision(Outcome outcome) {
    return new AuditQuery(sessionId, actionId, Optional.of(outcome), type, since, until);
  }

  /** A copy that also requires the event type. */
  public AuditQuery withType(AuditEventType eventType) {
    return new AuditQuery(sessionId, actionId, decision, Optional.of(eventType), since, until);
  }

  /** A copy that also requires a time at or after {@code from}. */
  public AuditQuery withSince(Instant from) {
    return new AuditQuery(sessionId, actionId, decision, type, Optional.of(from), until);
  }

  /** A copy that also requires a time before {@code to}. */
  public AuditQuery withUntil(Instant to) {
    return new AuditQuery(sessionId, actionId, decision, type, since, Optional.of(to));
  }

  /** Whether the event matches. */
  public boolean matches(AuditEvent e) {
    return sessionId.map(s -> s.equals(e.sessionId())).orElse(true)
        && actionId.map(a -> a.equals(e.actionId())).orElse(true)
        && decision.map(d -> d == e.decision()).orElse(true)
        && type.map(t -> t == e.type()).orElse(true)
        && since.map(t -> !e.timestamp().isBefore(t)).orElse(true)
        && until.map(t -> e.timestamp().isBefore(t)).orElse(true);
  }
}
