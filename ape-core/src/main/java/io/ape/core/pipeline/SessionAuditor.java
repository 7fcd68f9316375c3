package io.ape.core.pipeline;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.core.audit.AuditLog;
import io.ape.core.session.Session;
import io.ape.core.session.SessionEndReason;
import io.ape.core.session.SessionListener;
import io.ape.core.session.SessionUsageSummary;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Records one {@code SESSION_STARTED} and one {@code SESSION_ENDED} audit event per session of
 * an orchestrator (DESIGN §8). Events name the session by its non-secret
 * {@link Session#reference()}, never by its id. The end event's reason is {@code ended},
 * {@code expired} or {@code revoked} (with the revocation reason, if one was given), and its
 * details carry the session's usage. If the audit log cannot record the start, the session
 * manager revokes the session before anyone can use it.
 */
final class SessionAuditor implements SessionListener {
  private final AuditLog audit;

  SessionAuditor(AuditLog audit) {
    this.audit = audit;
  }

  @Override
  public void sessionStarted(Session session) {
    audit.record(event(AuditEventType.SESSION_STARTED, session).reason("session started")
        .detail("user_id", session.userId())
        .detail("expires_at", session.expiresAt().toString())
        .detail("max_actions", Integer.toString(session.maxActions())));
  }

  @Override
  public void sessionEnded(Session session, SessionEndReason reason) {
    String why = reason.name().toLowerCase(Locale.ROOT);
    String revocation = session.revocationReason();
    SessionUsageSummary usage = session.usageSummary();
    audit.record(event(AuditEventType.SESSION_ENDED, session)
        .reason(revocation.isEmpty() || reason != SessionEndReason.REVOKED ? why
            : why + ": " + revocation)
        .detail("end_reason", why)
        .detail("user_id", session.userId())
        .detail("actions_reserved", Integer.toString(session.actionsReserved()))
        .detail("actions_executed", Integer.toString(usage.totalActions()))
        .detail("cumulative_risk", BigDecimal.valueOf(usage.cumulativeRisk()).toPlainString())
        .detail("tokens_issued", Long.toString(usage.tokensIssued())));
  }

  private AuditEvent.Builder event(AuditEventType type, Session session) {
    return audit.event(type).tenant(session.tenantId()).session(session.reference());
  }
}
