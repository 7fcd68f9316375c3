package io.ape.core.internal.run;

import io.ape.api.ActionRequest;
import io.ape.api.ApeException;
import io.ape.api.AuditException;
import io.ape.api.Decision;
import io.ape.api.EscalationRequest;
import io.ape.api.Intent;
import io.ape.api.Outcome;
import io.ape.api.PolicyDecisionPoint;
import io.ape.api.Provenance;
import io.ape.api.StateUnavailableException;
import io.ape.api.TokenBinding;
import io.ape.core.audit.AuditLog;
import io.ape.core.escalation.EscalationDenial;
import io.ape.core.escalation.EscalationDeniedException;
import io.ape.core.escalation.EscalationHandler;
import io.ape.core.escalation.EscalationOutcome;
import io.ape.core.internal.audit.AuditEvents;
import io.ape.core.internal.audit.Where;
import io.ape.spi.state.OnceLedger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The escalation of one step (DESIGN §7): the run is frozen (ESCALATION_REQUIRED), the resolver
 * is asked through the {@link EscalationHandler} with a request bound to the step's binding
 * (tenant, session, intent, plan, step, action, tool, parameter hash) and policy version, and the
 * answer is accepted only if it is an approval of <em>this</em> request (its id and parameter
 * hash) through a trusted channel, claimed once in the approvals ledger under a key made of the
 * request id, action, step, parameter hash and policy generation, and if the policy, evaluated
 * again under the same generation, still says ESCALATE. Then the step is allowed; every other end
 * is an {@link EscalationDeniedException} saying which. Everything is audited.
 *
 * @since 0.2.0
 */
public final class EscalationFlow {
  /** How long a used approval is remembered as used. */
  public static final Duration APPROVAL_CLAIM_TTL = Duration.ofHours(1);
  private static final HexFormat HEX = HexFormat.of();

  private final EscalationHandler handler;
  private final OnceLedger approvals;
  private final PolicyGeneration generation;
  /** Drawn lazily: most runs never escalate, and a SecureRandom is costly to seed. */
  private SecureRandom random;

  /**
   * A flow.
   *
   * @param handler the handler of the run's resolver
   * @param approvals the ledger approvals are claimed in once, or {@code null} (then a claim
   *     is not shared with other instances: request ids are unique and never reused here)
   * @param generation the policy generation
   */
  public EscalationFlow(EscalationHandler handler, OnceLedger approvals,
      PolicyGeneration generation) {
    this.handler = handler;
    this.approvals = approvals;
    this.generation = generation;
  }

  /**
   * Escalates a step the policy decided ESCALATE.
   *
   * @param run the run (frozen while the resolver decides)
   * @param binding what a token for the step would be bound to
   * @param request the step's request (re-evaluated after an approval)
   * @param intent the intent in force (for its escalation list)
   * @param pdp the decision point
   * @param escalate the ESCALATE decision
   * @param decidedUnder the policy generation {@code escalate} was decided under
   * @param provenance the label of the step's parameters
   * @return the ALLOW the approval grants
   * @throws EscalationDeniedException if it is not approved (the kind says why)
   * @throws AuditException if a stage could not be audited (nothing is allowed then)
   * @throws StateUnavailableException if the approvals ledger cannot answer (audited)
   */
  public Decision escalate(RunState run, TokenBinding binding, ActionRequest request,
      Intent intent, PolicyDecisionPoint pdp, Decision escalate, long decidedUnder,
      Provenance provenance) {
    AuditLog log = run.audit();
    Where where = Where.of(binding);
    byte[] id = new byte[16];
    synchronized (this) {
      if (random == null) {
        random = new SecureRandom();
      }
      random.nextBytes(id);
    }
    EscalationRequest er = new EscalationRequest("esc-" + HEX.formatHex(id), escalate, binding,
        request.parameters(), run.clock().instant());
    String failure = null;
    EscalationDenial kind = null;
    String approval = "";
    RuntimeException fatal = null;
    boolean frozen = false;
    try {
      run.enterEscalation();
      frozen = true;
      AuditEvents.escalationRequested(log, where, escalate, request.parameters(), er.requestId(),
          binding.parametersHash(), decidedUnder);
      EscalationOutcome outcome = handler.resolve(er);
      AuditEvents.escalationResolved(log, where, outcome.approved(), escalate.policyVersion(),
          outcome.reason(), er.requestId(), outcome.approved() ? "APPROVED"
              : outcome.denial().name(), outcome.resolution() == null ? null
              : outcome.resolution().approver(), outcome.resolution() == null ? null
              : outcome.resolution().channel());
      if (!outcome.approved()) {
        failure = outcome.reason();
        kind = outcome.denial();
      } else if (!claim(er, binding, decidedUnder)) {
        failure = "escalation approval rejected: it was already used once";
        kind = EscalationDenial.REQUEST_MISMATCH;
      } else {
        approval = outcome.reason();
        Decision again = StepDecider.decide(pdp, request, intent);
        AuditEvents.decision(log, where, again, request.parameters(),
            "re-evaluation after approval", request.context(), provenance);
        if (again.outcome() != Outcome.ESCALATE
            || !again.policyVersion().equals(escalate.policyVersion())
            || generation.current() != decidedUnder) {
          failure = "escalation approved, but the policy decision changed meanwhile (now "
              + again.outcome() + " under policy " + abbreviate(again.policyVersion())
              + ", generation " + generation.current() + ")";
          kind = EscalationDenial.DENIED_BY_RESOLVER;
        }
      }
    } catch (AuditException e) {
      fatal = e;
    } catch (StateUnavailableException e) {
      fatal = AuditEvents.rejectedQuietly(log, where, "escalate", e, null);
    } catch (ApeException e) {
      failure = "escalation could not be carried out: " + e.getMessage();
      kind = EscalationDenial.RESOLVER_FAILED;
    } finally {
      if (frozen) {
        try {
          run.leaveEscalation();
        } catch (ApeException e) {
          if (failure == null && fatal == null) {
            failure = "escalation approved, but the run cannot resume EXECUTING: " + e.getMessage();
            kind = EscalationDenial.DENIED_BY_RESOLVER;
          }
        }
      }
    }
    if (fatal != null) {
      throw fatal;
    }
    if (failure != null) {
      throw denied(log, where, escalate, failure, kind, request, provenance);
    }
    return new Decision(Outcome.ALLOW, escalate.actionId(), "escalation " + approval
        + " (policy: " + escalate.reason() + ")", escalate.matchedRule(), List.of(),
        escalate.policyVersion(), escalate.source());
  }

  /**
   * The DENY of a failed escalation, audited, as the exception to throw.
   *
   * @throws AuditException if it cannot be audited
   */
  public static EscalationDeniedException denied(AuditLog log, Where where, Decision escalate,
      String failure, EscalationDenial kind, ActionRequest request, Provenance provenance) {
    Decision deny = new Decision(Outcome.DENY, escalate.actionId(), failure,
        escalate.matchedRule(), List.of(), escalate.policyVersion(), escalate.source());
    AuditEvents.decision(log, where, deny, request.parameters(), "escalation", request.context(),
        provenance);
    return new EscalationDeniedException(deny, kind);
  }

  /** Claims the approval once: bound to request, action, step, parameters and generation. */
  private boolean claim(EscalationRequest er, TokenBinding b, long decidedUnder) {
    if (approvals == null) {
      return true;
    }
    return approvals.claim("approval:" + er.requestId() + ":" + b.actionId() + ":"
        + b.stepIndex() + ":" + b.parametersHash() + ":" + decidedUnder,
        er.requestedAt().plus(APPROVAL_CLAIM_TTL));
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
