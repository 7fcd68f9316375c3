package io.ape.core.internal.pipeline;

import io.ape.api.StateUnavailableException;
import io.ape.core.audit.AuditLog;
import io.ape.core.internal.audit.AuditEvents;
import io.ape.core.internal.audit.Where;
import io.ape.core.session.Session;
import io.ape.core.session.SessionEndReason;
import io.ape.core.session.SessionListener;
import io.ape.core.session.SessionUsageSummary;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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
    AuditEvents.sessionStarted(audit, Where.run(session.tenantId(), session.reference()),
        session.userId(), session.expiresAt().toString(), session.maxActions(),
        session.isAdopted());
  }

  @Override
  public void sessionEnded(Session session, SessionEndReason reason) {
    String why = reason.name().toLowerCase(Locale.ROOT);
    String revocation = session.revocationReason();
    Map<String, String> details = new LinkedHashMap<>();
    try {
      SessionUsageSummary usage = session.usageSummary();
      details.put("actions_reserved", Integer.toString(session.actionsReserved()));
      details.put("actions_executed", Integer.toString(usage.totalActions()));
      details.put("cumulative_risk", BigDecimal.valueOf(usage.cumulativeRisk()).toPlainString());
      details.put("tokens_issued", Long.toString(usage.tokensIssued()));
    } catch (StateUnavailableException e) {
      // the end is recorded all the same; the totals live in the shared state, unreachable now
      details.put("usage", "unavailable: " + e.getMessage());
    }
    AuditEvents.sessionEnded(audit, Where.run(session.tenantId(), session.reference()),
        revocation.isEmpty() || reason != SessionEndReason.REVOKED ? why : why + ": " + revocation,
        why, session.userId(), details);
  }
}
