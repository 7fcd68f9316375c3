package io.ape.core.authority;

import io.ape.api.ActionRequest;
import io.ape.api.ApeException;
import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.AuditException;
import io.ape.api.AuthorityException;
import io.ape.api.AuthorityToken;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.EscalationRequest;
import io.ape.api.Intent;
import io.ape.api.Outcome;
import io.ape.api.PlanStep;
import io.ape.api.PolicyDecisionPoint;
import io.ape.api.PolicyDenyException;
import io.ape.api.Provenance;
import io.ape.api.ProvenanceException;
import io.ape.api.RateLimitExceededException;
import io.ape.api.RequestContext;
import io.ape.api.RuntimeStateException;
import io.ape.api.StateUnavailableException;
import io.ape.api.TenantMismatchException;
import io.ape.api.TokenBinding;
import io.ape.api.TokenMismatchException;
import io.ape.api.TokenNotFoundException;
import io.ape.api.TokenRevokedException;
import io.ape.api.UnauthorizedActionException;
import io.ape.core.audit.AuditLog;
import io.ape.core.escalation.EscalationDeniedException;
import io.ape.core.escalation.EscalationDenial;
import io.ape.core.escalation.EscalationHandler;
import io.ape.core.escalation.EscalationOutcome;
import io.ape.core.intent.CurrentIntent;
import io.ape.core.intent.IntentManager;
import io.ape.core.plan.ApprovedPlan;
import io.ape.core.plan.PlanManager;
import io.ape.core.provenance.ParameterTrustPolicy;
import io.ape.core.runtime.RuntimeOrchestrator;
import io.ape.core.runtime.RuntimeState;
import io.ape.spi.AuthorityIssuer;
import io.ape.spi.state.OnceLedger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Issues authority for the steps of one run, in plan order, and hands the enforcement gate the
 * right to run a step in exchange for a valid token.
 *
 * <p>{@link #issue} issues a token only when all of these hold, and audits a DECISION for every
 * evaluation and an ATTEMPT_REJECTED for every refusal:
 * <ol>
 *   <li>the run is EXECUTING ({@link RuntimeStateException} otherwise);</li>
 *   <li>a plan is approved against the current intent, and the action is exactly its step
 *       {@code k} (intent version, plan hash, action, tool, canonical parameter hash);</li>
 *   <li>step {@code k} is the next step: every earlier step finished successfully, no token for
 *       it is outstanding, it is not running ({@link UnauthorizedActionException} otherwise);</li>
 *   <li>the tool is an allowed successor of the previous step's tool under the policy in force
 *       (DENY otherwise);</li>
 *   <li>the parameters' provenance satisfies the {@link ParameterTrustPolicy}
 *       ({@link ProvenanceException} otherwise);</li>
 *   <li>the policy evaluates the action with exactly those parameters to ALLOW; an action the
 *       intent lists as escalation-required is escalated even if the policy allows it. DENY
 *       throws {@link PolicyDenyException}; ESCALATE moves the run to ESCALATION_REQUIRED
 *       (freezing issuance), asks the {@link EscalationHandler}, and on an accepted approval
 *       re-evaluates (refusing if the decision or the policy version changed, or the run changed
 *       meanwhile), resumes EXECUTING and issues; any other end throws
 *       {@link EscalationDeniedException} saying why;</li>
 *   <li>every {@link IssuanceCheck} given to the builder (e.g. a rate limiter) accepts.</li>
 * </ol>
 * The token is bound to tenant, session, intent version, plan hash, step, action, tool and
 * parameter hash, and to the policy version of its ALLOW.
 *
 * <p>Tokens are revoked when the run terminates, the intent or the plan changes, and on demand
 * ({@link #revoke}, {@link #revokeAll}, by intent, plan, tenant or session). A policy reload
 * makes outstanding tokens unusable because each is bound to the policy version it was issued
 * under; {@link #onPolicyReloaded()} also revokes them at once.
 *
 * <p>Thread-safe. State is guarded by a lock owned by this run (never a global one); the lock is
 * not held while an escalation resolver runs.
 */
public final class AuthorityManager {
  /**
   * The DECISION audit detail holding the label of every parameter, {@code name=LABEL,...} sorted
   * by name (present when the step was evaluated with per-parameter labels).
   *
   * @since 0.2.0
   */
  public static final String PARAMETER_LABELS = "parameter_labels";
  /** How long a used escalation approval is remembered as used. */
  private static final Duration APPROVAL_CLAIM_TTL = Duration.ofHours(1);
  private final RuntimeOrchestrator runtime;
  private final PlanManager plans;
  private final IntentManager intents;
  private final PolicyDecisionPoint decisionPoint;
  private final AuthorityIssuer issuer;
  private final EscalationHandler escalation;
  private final ParameterTrustPolicy trust;
  private final List<IssuanceCheck> checks;
  private final List<ExecutionCheck> executionChecks;
  private final IntFunction<RequestContext> stepContexts;
  private final OnceLedger approvals;
  private final AuditLog audit;
  private final ReentrantLock lock = new ReentrantLock();
  private Progress progress;
  /** The last token lifetime audited ({@code ttl_ms}) and its text. Guarded by {@link #lock}. */
  private long lastTtlMillis = -1;
  private String lastTtlText = "";

  /** Where a run is in its approved plan. Guarded by {@link #lock}. */
  private static final class Progress {
    final ApprovedPlan plan;
    int nextStep;
    AuthorityToken pending;
    boolean running;
    boolean escalating;

    Progress(ApprovedPlan plan) {
      this.plan = plan;
    }
  }

  /**
   * An authority manager with an {@link InMemoryAuthorityIssuer} of its own, the
   * {@code deny-all} escalation resolver and the strict parameter-trust policy (parameters of
   * an action of unknown risk must be trusted).
   */
  public AuthorityManager(RuntimeOrchestrator runtime, PlanManager plans,
      PolicyDecisionPoint decisionPoint) {
    this(builder(runtime, plans, decisionPoint));
  }

  private AuthorityManager(Builder b) {
    this.runtime = b.runtime;
    this.plans = b.plans;
    this.intents = b.plans.intents();
    this.decisionPoint = b.decisionPoint;
    this.issuer = b.issuer != null ? b.issuer : new InMemoryAuthorityIssuer(b.runtime.clock());
    this.escalation = b.escalation != null ? b.escalation : EscalationHandler.denyAll();
    this.trust = b.trust;
    this.checks = List.copyOf(b.checks);
    this.executionChecks = List.copyOf(b.executionChecks);
    this.stepContexts = b.stepContexts;
    this.approvals = b.approvals;
    this.audit = b.runtime.audit();
    runtime.addTransitionListener((from, to) -> {
      if (to == RuntimeState.TERMINATED) {
        dropProgress("run terminated");
      }
    });
    plans.addChangeListener((oldHash, newHash, wasApproved) -> dropProgress(
        oldHash.equals(newHash) ? "intent changed" : "plan changed"));
    intents.addChangeListener((oldVersion, newVersion) -> dropProgress("intent changed"));
  }

  /**
   * Starts building an authority manager.
   *
   * @throws IllegalArgumentException if {@code plans} belongs to another run than {@code runtime}
   */
  public static Builder builder(RuntimeOrchestrator runtime, PlanManager plans,
      PolicyDecisionPoint decisionPoint) {
    return new Builder(runtime, plans, decisionPoint);
  }

  /** The run. */
  public RuntimeOrchestrator runtime() {
    return runtime;
  }

  /** The run's plan manager. */
  public PlanManager plans() {
    return plans;
  }

  /** The decision point consulted before each issuance. */
  public PolicyDecisionPoint decisionPoint() {
    return decisionPoint;
  }

  /** The issuer holding the tokens (shared by every run of an engine). */
  public AuthorityIssuer issuer() {
    return issuer;
  }

  /** The engine audit log. */
  public AuditLog audit() {
    return audit;
  }

  /** The index of the next step to authorise (0 when no plan is in progress). */
  public int nextStep() {
    lock.lock();
    try {
      Progress p = current(plans.approved().orElse(null));
      return p == null ? 0 : p.nextStep;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The action for step {@code stepIndex} of the approved plan, exactly as planned.
   *
   * @throws UnauthorizedActionException if no plan is approved or it has no such step
   */
  public Action actionForStep(int stepIndex) {
    ApprovedPlan ap = plans.approved().orElseThrow(
        () -> new UnauthorizedActionException("no plan is approved for this run"));
    return Action.forStep(ap, stepIndex);
  }

  /**
   * Issues a token for {@code action} (the seed's signature): {@code intentVersion} and
   * {@code planHash} must be the action's own.
   *
   * @see #issue(Action)
   */
  public AuthorityToken issue(String intentVersion, String planHash, Action action) {
    if (action != null && (!action.intentVersion().equals(intentVersion)
        || !action.planHash().equals(planHash))) {
      throw reject("issue", action, null, new UnauthorizedActionException(
          "the intent version and plan hash given differ from the action's own"));
    }
    return issue(action);
  }

  /**
   * Issues a single-use token for {@code action}, which must be the next step of the approved
   * plan (see the class documentation for every condition).
   *
   * @throws RuntimeStateException if the run is not EXECUTING
   * @throws UnauthorizedActionException if the action is not the next step of the approved plan
   * @throws ProvenanceException if the parameters are untrusted and the action requires trusted ones
   * @throws PolicyDenyException if the policy (or a tool transition) denies the action
   * @throws EscalationDeniedException if the action needed an escalation that was not approved
   * @throws AuthorityException if the issuer refuses (e.g. its registry is full)
   * @throws AuditException if a step could not be audited (nothing is issued then)
   */
  public AuthorityToken issue(Action action) {
    if (action == null) {
      throw reject("issue", null, null, new UnauthorizedActionException("no action given"));
    }
    lock.lock();
    try {
      RuntimeState state = runtime.state();
      if (state != RuntimeState.EXECUTING) {
        throw reject("issue", action, null, new RuntimeStateException(state.name(),
            "ISSUE_AUTHORITY", "authority can only be issued in EXECUTING, but the run is in " + state));
      }
      ApprovedPlan ap = plans.approved().orElse(null);
      CurrentIntent ci = intents.snapshot().orElse(null);
      if (ap == null || ci == null || !ci.version().equals(ap.intentVersion())) {
        throw reject("issue", action, null, new UnauthorizedActionException(ap == null
            ? "no plan is approved for this run"
            : "the approved plan belongs to another intent version than the current intent"));
      }
      String mismatch = differenceFromPlan(action, ap);
      if (mismatch != null) {
        throw reject("issue", action, null, new UnauthorizedActionException(
            "action is not step " + action.stepIndex() + " of the approved plan: " + mismatch));
      }
      Progress p = progressFor(ap);
      if (p.pending != null && !policyVersion().equals(p.pending.policyVersion())) {
        revoke(p.pending, "policy changed since the token was issued");
        p.pending = null;
      }
      int k = action.stepIndex();
      String order = orderRefusal(p, k);
      if (order != null) {
        throw reject("issue", action, null, new UnauthorizedActionException(order));
      }
      PlanStep step = ap.step(k);
      if (k > 0 && !PlanManager.transitionAllowed(decisionPoint, ap.step(k - 1).toolId(), step.toolId())) {
        Decision deny = new Decision(Outcome.DENY, step.actionId(), "tool transition '"
            + ap.step(k - 1).toolId() + "' -> '" + step.toolId() + "' is not allowed by the policy",
            "tool_transitions", List.of(), policyVersion(), DecisionSource.RULE);
        recordDecision(deny, ap, k, step.parameters(), "tool transition check", null);
        throw new PolicyDenyException(deny);
      }
      Provenance parameterProvenance = ap.parameterProvenance(k);
      Optional<String> violation = trust.violation(step.actionId(), parameterProvenance);
      if (violation.isPresent()) {
        throw reject("issue", action, null, new ProvenanceException(violation.get()));
      }
      RequestContext context = contextOf(k, parameterProvenance);
      ActionRequest request = new ActionRequest(step.actionId(), step.parameters(), context);
      Decision decision = evaluate(request, ci.intent());
      recordDecision(decision, ap, k, step.parameters(), "issuance", context);
      if (decision.outcome() == Outcome.DENY) {
        throw new PolicyDenyException(decision);
      }
      if (decision.outcome() == Outcome.ESCALATE) {
        decision = escalate(p, ap, ci, request, decision, k);
      }
      TokenBinding binding = bindingFor(ap, k);
      for (IssuanceCheck check : checks) {
        try {
          check.check(binding, decision, step.parameters());
        } catch (RateLimitExceededException e) {
          throw limitExceeded(binding, decision, e);
        } catch (ApeException e) {
          throw reject("issue", action, binding, e);
        } catch (RuntimeException e) {
          throw reject("issue", action, binding, new UnauthorizedActionException(
              "issuance check failed: " + e.getClass().getName(), e));
        }
      }
      AuthorityToken token;
      try {
        token = issuer.issue(binding, step.parameters(), decision);
      } catch (AuthorityException e) {
        throw reject("issue", action, null, e);
      } catch (RuntimeException e) {
        throw reject("issue", action, null, new AuthorityException(
            "the authority issuer failed: " + e.getClass().getName(), e));
      }
      if (token == null) {
        throw reject("issue", action, null, new AuthorityException("the authority issuer returned no token"));
      }
      try {
        audit.record(event(AuditEventType.TOKEN_ISSUED, binding)
            .decision(decision).tokenRef(token.reference())
            .detail("ttl_ms", ttlText(token)));
      } catch (AuditException e) {
        issuer.revoke(token);
        throw e;
      }
      p.pending = token;
      return token;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Verifies and consumes {@code token} for the next step and returns the right to run it. This
   * is how the enforcement gate gets the bound parameters; it does not run anything itself.
   *
   * @param token the token presented
   * @param action the action presented with it, or {@code null} to run exactly what the token
   *     authorises; when given, it must match the token in every field
   * @throws TenantMismatchException if the token belongs to another tenant (it is revoked)
   * @throws TokenMismatchException if the action differs from the token, or the token is for
   *     another step than the next one (it is revoked)
   * @throws AuthorityException (a subclass saying why) if the token is refused otherwise
   * @throws RuntimeStateException if the run is not EXECUTING
   */
  public StepExecution beginExecution(AuthorityToken token, Action action) {
    if (token == null) {
      throw reject("execute", action, null, new UnauthorizedActionException(
          "no authority token was presented; every tool call needs one"));
    }
    lock.lock();
    try {
      TokenBinding tb = bindingOf(token);
      if (tb == null) {
        throw reject("execute", action, null,
            new TokenNotFoundException("token has no binding (forged or broken token object)"));
      }
      if (!tb.tenantId().equals(runtime.tenantId())) {
        issuer.revoke(token);
        throw reject("execute", action, tb, new TenantMismatchException(tb.tenantId(),
            runtime.tenantId(), "token belongs to tenant '" + tb.tenantId()
                + "' but was presented in tenant '" + runtime.tenantId() + "'; it has been revoked"));
      }
      if (!issuer.isOutstanding(token)) {
        throw reject("execute", action, tb, whyNotOutstanding(token, tb));
      }
      RuntimeState state = runtime.state();
      if (state != RuntimeState.EXECUTING) {
        throw reject("execute", action, tb, new RuntimeStateException(state.name(), "EXECUTE",
            "tools run only in EXECUTING, but the run is in " + state));
      }
      if (action != null) {
        String diff = differenceFromToken(action, tb);
        if (diff != null) {
          issuer.revoke(token);
          throw reject("execute", action, tb, new TokenMismatchException(
              "the action presented differs from what token " + safeRef(token)
                  + " authorises: " + diff + "; the token has been revoked"));
        }
      }
      ApprovedPlan ap = plans.approved().orElse(null);
      CurrentIntent ci = intents.snapshot().orElse(null);
      if (ap == null || ci == null || !ci.version().equals(ap.intentVersion())) {
        issuer.revoke(token);
        throw reject("execute", action, tb, new TokenRevokedException(
            "the plan or intent token " + safeRef(token) + " was issued for is no longer in force"));
      }
      Progress p = progressFor(ap);
      if (p.running || p.escalating) {
        throw reject("execute", action, tb, new UnauthorizedActionException("step " + p.nextStep
            + (p.running ? " is already running" : " is waiting for an escalation")));
      }
      if (p.nextStep >= ap.size()) {
        issuer.revoke(token);
        throw reject("execute", action, tb, new UnauthorizedActionException(
            "every step of the plan has already run"));
      }
      for (ExecutionCheck check : executionChecks) {
        try {
          check.check(tb);
        } catch (ApeException e) {
          issuer.revoke(token);
          throw reject("execute", action, tb, e);
        } catch (RuntimeException e) {
          issuer.revoke(token);
          throw reject("execute", action, tb, new UnauthorizedActionException(
              "execution check failed: " + e.getClass().getName() + "; the token has been revoked",
              e));
        }
      }
      TokenBinding expected = bindingFor(ap, p.nextStep);
      try {
        issuer.consume(token, expected, policyVersion());
      } catch (AuthorityException e) {
        throw reject("execute", action, tb, e);
      } catch (RuntimeException e) {
        throw reject("execute", action, tb, new AuthorityException(
            "the authority issuer failed: " + e.getClass().getName(), e));
      }
      if (token != p.pending) {
        throw reject("execute", action, tb, new UnauthorizedActionException("token "
            + safeRef(token) + " was not issued for this run; it has been consumed"));
      }
      p.pending = null;
      p.running = true;
      try {
        audit.record(event(AuditEventType.TOKEN_CONSUMED, tb).tokenRef(token.reference())
            .decision(Outcome.ALLOW).policyVersion(token.policyVersion())
            .reason("token consumed"));
      } catch (AuditException e) {
        p.running = false;
        throw e;
      }
      return new StepExecution(this, p, tb, token.parameters(), token.reference());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Revokes one token.
   *
   * @return whether it was outstanding
   */
  public boolean revoke(AuthorityToken token, String reason) {
    boolean revoked = issuer.revoke(token);
    if (revoked) {
      TokenBinding b = bindingOf(token);
      audit.record((b == null ? audit.event(AuditEventType.TOKEN_REVOKED)
          : event(AuditEventType.TOKEN_REVOKED, b)).tokenRef(safeRef(token))
          .reason(reasonOr(reason, "revoked")).detail("count", "1"));
    }
    return revoked;
  }

  /** Revokes every outstanding token of the issuer (all runs and tenants); returns how many. */
  public int revokeAll(String reason) {
    return revokeWhere(b -> true, reasonOr(reason, "all tokens revoked"), "all", "");
  }

  /** Revokes every outstanding token bound to {@code intentVersion}. */
  public int revokeByIntent(String intentVersion) {
    return revokeWhere(b -> b.intentVersion().equals(intentVersion), "intent revoked", "intent",
        intentVersion);
  }

  /** Revokes every outstanding token bound to {@code planHash}. */
  public int revokeByPlan(String planHash) {
    return revokeWhere(b -> b.planHash().equals(planHash), "plan revoked", "plan", planHash);
  }

  /** Revokes every outstanding token of {@code tenantId}. */
  public int revokeByTenant(String tenantId) {
    return revokeWhere(b -> b.tenantId().equals(tenantId), "tenant revoked", "tenant", tenantId);
  }

  /** Revokes every outstanding token of {@code sessionId} (e.g. when the session ends). */
  public int revokeBySession(String sessionId) {
    return revokeWhere(b -> b.sessionId().equals(sessionId), "session ended", "session", sessionId);
  }

  /**
   * The hook for a policy reload: revokes every outstanding token of the issuer. (Tokens issued
   * under the old policy are refused on consumption even without this call.)
   */
  public int onPolicyReloaded() {
    return revokeAll("policy reloaded");
  }

  // ---------------------------------------------------------------------------------------

  void finish(Object progressToken, int stepIndex, boolean success) {
    lock.lock();
    try {
      Progress p = (Progress) progressToken;
      if (p == progress && p.running && p.nextStep == stepIndex) {
        p.running = false;
        if (success) {
          p.nextStep++;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** The issuer's own, precise refusal of a token that is not outstanding. */
  private AuthorityException whyNotOutstanding(AuthorityToken token, TokenBinding tb) {
    try {
      issuer.consume(token, tb, token.policyVersion());
    } catch (AuthorityException e) {
      return e;
    } catch (RuntimeException e) {
      return new AuthorityException("the authority issuer failed: " + e.getClass().getName(), e);
    }
    return new TokenNotFoundException("token " + safeRef(token) + " is not outstanding");
  }

  private Decision escalate(Progress p, ApprovedPlan ap, CurrentIntent ci, ActionRequest request,
      Decision escalate, int k) {
    TokenBinding binding = bindingFor(ap, k);
    EscalationRequest er = new EscalationRequest(
        "esc-" + java.util.UUID.randomUUID(), escalate, binding,
        request.parameters(), runtime.clock().instant());
    String failure = null;
    EscalationDenial kind = null;
    String approval = "";
    RuntimeException auditFailure = null;
    p.escalating = true;
    lock.unlock();
    try {
      boolean frozen = false;
      try {
        runtime.transition(RuntimeState.ESCALATION_REQUIRED);
        frozen = true;
        audit.record(event(AuditEventType.ESCALATION_REQUESTED, binding).decision(escalate)
            .parameters(request.parameters()).detail("request_id", er.requestId())
            .detail("parameters_sha256", binding.parametersHash()));
        EscalationOutcome outcome = escalation.resolve(er);
        AuditEvent.Builder resolved = event(AuditEventType.ESCALATION_RESOLVED, binding)
            .decision(outcome.approved() ? Outcome.ALLOW : Outcome.DENY)
            .policyVersion(escalate.policyVersion()).reason(outcome.reason())
            .detail("request_id", er.requestId())
            .detail("outcome", outcome.approved() ? "APPROVED" : outcome.denial().name());
        if (outcome.resolution() != null) {
          resolved.detail("approver", outcome.resolution().approver())
              .detail("channel", outcome.resolution().channel().name());
        }
        audit.record(resolved);
        if (outcome.approved() && approvals != null && !approvals.claim("approval:"
            + er.requestId() + ":" + binding.parametersHash(),
            er.requestedAt().plus(APPROVAL_CLAIM_TTL))) {
          failure = "escalation approval rejected: it was already used once";
          kind = EscalationDenial.DENIED_BY_RESOLVER;
        } else if (outcome.approved()) {
          approval = outcome.reason();
          Decision again = evaluate(request, ci.intent());
          recordDecision(again, ap, k, request.parameters(), "re-evaluation after approval",
              request.context());
          if (again.outcome() != Outcome.ESCALATE
              || !again.policyVersion().equals(escalate.policyVersion())) {
            failure = "escalation approved, but the policy decision changed meanwhile (now "
                + again.outcome() + " under policy " + abbreviate(again.policyVersion()) + ")";
            kind = EscalationDenial.DENIED_BY_RESOLVER;
          }
        } else {
          failure = outcome.reason();
          kind = outcome.denial();
        }
      } catch (AuditException | StateUnavailableException e) {
        auditFailure = e;
      } catch (ApeException e) {
        failure = "escalation could not be carried out: " + e.getMessage();
        kind = EscalationDenial.RESOLVER_FAILED;
      } finally {
        if (frozen) {
          try {
            runtime.transition(RuntimeState.EXECUTING);
          } catch (ApeException e) {
            if (failure == null && auditFailure == null) {
              failure = "escalation approved, but the run cannot resume EXECUTING: " + e.getMessage();
              kind = EscalationDenial.DENIED_BY_RESOLVER;
            }
          }
        }
      }
    } finally {
      lock.lock();
      p.escalating = false;
    }
    if (auditFailure != null) {
      throw auditFailure;
    }
    if (failure == null && (p != progress || plans.approved().orElse(null) != ap
        || !ci.version().equals(intents.version().orElse(null)) || p.nextStep != k
        || runtime.state() != RuntimeState.EXECUTING)) {
      failure = "escalation approved, but the run changed while waiting (intent, plan, step or state)";
      kind = EscalationDenial.DENIED_BY_RESOLVER;
    }
    if (failure != null) {
      Decision deny = new Decision(Outcome.DENY, escalate.actionId(), failure,
          escalate.matchedRule(), List.of(), escalate.policyVersion(), escalate.source());
      recordDecision(deny, ap, k, request.parameters(), "escalation", request.context());
      throw new EscalationDeniedException(deny, kind);
    }
    return new Decision(Outcome.ALLOW, escalate.actionId(), "escalation " + approval + " (policy: "
        + escalate.reason() + ")", escalate.matchedRule(), List.of(), escalate.policyVersion(),
        escalate.source());
  }

  private Decision evaluate(ActionRequest request, Intent intent) {
    Decision d;
    try {
      d = decisionPoint.evaluate(request);
    } catch (RuntimeException e) {
      d = Decision.deny(request.actionId(), "policy evaluation failed: " + e.getClass().getName(),
          DecisionSource.ERROR, policyVersion());
    }
    if (d == null) {
      return Decision.deny(request.actionId(), "policy evaluation returned no decision",
          DecisionSource.ERROR, policyVersion());
    }
    if (!d.actionId().equals(request.actionId())) {
      return Decision.deny(request.actionId(), "policy returned a decision for another action",
          DecisionSource.ERROR, d.policyVersion());
    }
    if (d.isAllowed() && intent.escalationRequired().contains(request.actionId())) {
      return new Decision(Outcome.ESCALATE, d.actionId(), "the intent requires escalation for '"
          + d.actionId() + "' (policy: " + d.reason() + ")", d.matchedRule(), d.failedConditions(),
          d.policyVersion(), DecisionSource.ESCALATION_LIST);
    }
    return d;
  }

  private void recordDecision(Decision d, ApprovedPlan ap, int k, Map<String, Object> parameters,
      String stage, RequestContext context) {
    PlanStep step = ap.step(k);
    AuditEvent.Builder b = audit.event(AuditEventType.DECISION)
        .tenant(runtime.tenantId()).session(runtime.sessionId())
        .intentVersion(ap.intentVersion()).planHash(ap.planHash()).step(k)
        .decision(d).tool(step.toolId()).parameters(parameters).detail("stage", stage)
        .detail("parameters_provenance", (context == null ? ap.parameterProvenance(k)
            : context.parameterProvenance()).name());
    if (context != null && !context.parameterLabels().isEmpty()) {
      b.detail(PARAMETER_LABELS, labelsText(context.parameterLabels()));
    }
    if (d.isDefaultAllow()) {
      b.detail("default_allow", "true");
    }
    audit.record(b);
  }

  /**
   * The request context step {@code k} is evaluated with: the run's tenant and session always;
   * the per-parameter labels and attributes of the builder's step contexts, if any; and a
   * default label never more trusted than the step's (the plan's channel).
   */
  private RequestContext contextOf(int k, Provenance stepProvenance) {
    RequestContext given = null;
    if (stepContexts != null) {
      try {
        given = stepContexts.apply(k);
      } catch (RuntimeException e) {
        given = null;
        stepProvenance = Provenance.EXTERNAL_UNTRUSTED;
      }
    }
    if (given == null) {
      return new RequestContext(runtime.tenantId(), runtime.sessionId(), stepProvenance, Map.of());
    }
    return new RequestContext(runtime.tenantId(), runtime.sessionId(),
        Provenance.leastTrusted(stepProvenance, given.parameterProvenance()), given.attributes(),
        given.parameterLabels());
  }

  /** {@code name=LABEL,...} sorted by name. */
  static String labelsText(Map<String, Provenance> labels) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Provenance> e : new java.util.TreeMap<>(labels).entrySet()) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(e.getKey()).append('=').append(e.getValue().name());
    }
    return sb.toString();
  }

  private Progress progressFor(ApprovedPlan ap) {
    if (progress == null || progress.plan != ap) {
      progress = new Progress(ap);
    }
    return progress;
  }

  private Progress current(ApprovedPlan ap) {
    return progress != null && progress.plan == ap ? progress : null;
  }

  private String orderRefusal(Progress p, int k) {
    if (p.running) {
      return "step " + p.nextStep + " is running; steps run one at a time, in plan order";
    }
    if (p.escalating) {
      return "an escalation for step " + p.nextStep + " is pending; issuance is frozen";
    }
    if (k < p.nextStep) {
      return "step " + k + " has already run; a step runs once";
    }
    if (k > p.nextStep) {
      return "step " + k + " cannot be authorised before step " + p.nextStep
          + " has finished; steps run in plan order";
    }
    if (p.pending != null && issuer.isOutstanding(p.pending)) {
      return "a token for step " + k + " is already outstanding (" + safeRef(p.pending)
          + "); use it or revoke it";
    }
    return null;
  }

  private void dropProgress(String reason) {
    AuthorityToken pending;
    lock.lock();
    try {
      Progress p = progress;
      pending = p == null ? null : p.pending;
      if (p != null) {
        p.pending = null;
      }
      progress = null;
    } finally {
      lock.unlock();
    }
    if (pending != null) {
      revoke(pending, reason);
    }
  }

  private int revokeWhere(Predicate<TokenBinding> filter, String reason, String scope, String value) {
    int n = issuer.revokeMatching(filter);
    audit.record(audit.event(AuditEventType.TOKEN_REVOKED)
        .tenant(scope.equals("tenant") ? value : runtime.tenantId())
        .session(scope.equals("session") ? value : runtime.sessionId())
        .intentVersion(scope.equals("intent") ? value : "")
        .planHash(scope.equals("plan") ? value : "")
        .reason(reason).detail("scope", scope).detail("count", Integer.toString(n)));
    return n;
  }

  private TokenBinding bindingFor(ApprovedPlan ap, int k) {
    PlanStep step = ap.step(k);
    return new TokenBinding(runtime.tenantId(), runtime.sessionId(), ap.intentVersion(),
        ap.planHash(), k, step.actionId(), step.toolId(), ap.parametersHash(k));
  }

  private static String differenceFromPlan(Action a, ApprovedPlan ap) {
    if (!a.intentVersion().equals(ap.intentVersion())) {
      return "it is bound to another intent version";
    }
    if (!a.planHash().equals(ap.planHash())) {
      return "it is bound to another plan";
    }
    if (a.stepIndex() >= ap.size()) {
      return "the plan has only " + ap.size() + " steps";
    }
    PlanStep s = ap.step(a.stepIndex());
    if (!a.actionId().equals(s.actionId())) {
      return "the step's action is '" + s.actionId() + "', not '" + a.actionId() + "'";
    }
    if (!a.toolId().equals(s.toolId())) {
      return "the step's tool is '" + s.toolId() + "', not '" + a.toolId() + "'";
    }
    if (!a.parametersHash().equals(ap.parametersHash(a.stepIndex()))) {
      return "its parameters differ from the step's";
    }
    return null;
  }

  private static String differenceFromToken(Action a, TokenBinding b) {
    if (a.stepIndex() != b.stepIndex()) {
      return "the token is for step " + b.stepIndex() + ", the action is step " + a.stepIndex();
    }
    if (!a.actionId().equals(b.actionId())) {
      return "the token is for action '" + b.actionId() + "', not '" + a.actionId() + "'";
    }
    if (!a.toolId().equals(b.toolId())) {
      return "the token is for tool '" + b.toolId() + "', not '" + a.toolId() + "'";
    }
    if (!a.parametersHash().equals(b.parametersHash())) {
      return "the parameters differ from the bound ones (parameter substitution)";
    }
    if (!a.intentVersion().equals(b.intentVersion())) {
      return "the token is bound to another intent version";
    }
    if (!a.planHash().equals(b.planHash())) {
      return "the token is bound to another plan";
    }
    return null;
  }

  /** The token's lifetime in milliseconds, as text (cached: it is the same for every token). */
  private String ttlText(AuthorityToken token) {
    long millis = Duration.between(token.issuedAt(), token.expiresAt()).toMillis();
    if (millis != lastTtlMillis) {
      lastTtlText = Long.toString(millis);
      lastTtlMillis = millis;
    }
    return lastTtlText;
  }

  private String policyVersion() {
    try {
      String v = decisionPoint.policyVersion();
      return v == null ? "" : v;
    } catch (RuntimeException e) {
      return "";
    }
  }

  private AuditEvent.Builder event(AuditEventType type, TokenBinding b) {
    return audit.event(type).tenant(b.tenantId()).session(b.sessionId())
        .intentVersion(b.intentVersion()).planHash(b.planHash()).step(b.stepIndex())
        .action(b.actionId()).tool(b.toolId());
  }

  private RuntimeException reject(String operation, Action action, TokenBinding tb,
      RuntimeException e) {
    try {
      AuditEvent.Builder b = tb != null ? event(AuditEventType.ATTEMPT_REJECTED, tb)
          : audit.event(AuditEventType.ATTEMPT_REJECTED).tenant(runtime.tenantId())
              .session(runtime.sessionId());
      if (action != null) {
        b.action(action.actionId()).tool(action.toolId()).step(action.stepIndex())
            .intentVersion(action.intentVersion()).planHash(action.planHash());
      }
      b.decision(Outcome.DENY).reason(e.getMessage() == null ? e.getClass().getName() : e.getMessage())
          .detail("operation", operation).detail("error", e.getClass().getSimpleName());
      audit.record(b);
    } catch (AuditException a) {
      e.addSuppressed(a);
    }
    return e;
  }

  /** Audits a limit that refused an issuance as RATE_LIMIT_EXCEEDED (one event, not two). */
  private RuntimeException limitExceeded(TokenBinding binding, Decision decision,
      RateLimitExceededException e) {
    try {
      audit.record(event(AuditEventType.RATE_LIMIT_EXCEEDED, binding).decision(Outcome.DENY)
          .policyVersion(decision.policyVersion())
          .reason(e.getMessage() == null ? e.getClass().getName() : e.getMessage())
          .detail("operation", "issue").detail("error", e.getClass().getSimpleName())
          .detail("limit_type", String.valueOf(e.limitType()))
          .detail("limit", Long.toString(e.limit()))
          .detail("reset_at", String.valueOf(e.resetAt())));
    } catch (AuditException a) {
      e.addSuppressed(a);
    }
    return e;
  }

  private static TokenBinding bindingOf(AuthorityToken token) {
    try {
      return token.binding();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String safeRef(AuthorityToken token) {
    try {
      String r = token.reference();
      return r == null ? "<no reference>" : abbreviate(r);
    } catch (RuntimeException e) {
      return "<no reference>";
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  private static String reasonOr(String reason, String fallback) {
    return reason == null || reason.isBlank() ? fallback : reason;
  }

  /** Builder for {@link AuthorityManager}; not thread-safe. */
  public static final class Builder {
    private final RuntimeOrchestrator runtime;
    private final PlanManager plans;
    private final PolicyDecisionPoint decisionPoint;
    private AuthorityIssuer issuer;
    private EscalationHandler escalation;
    private ParameterTrustPolicy trust = ParameterTrustPolicy.strict();
    private final java.util.ArrayList<IssuanceCheck> checks = new java.util.ArrayList<>();
    private final java.util.ArrayList<ExecutionCheck> executionChecks = new java.util.ArrayList<>();
    private IntFunction<RequestContext> stepContexts;
    private OnceLedger approvals;

    private Builder(RuntimeOrchestrator runtime, PlanManager plans,
        PolicyDecisionPoint decisionPoint) {
      this.runtime = Objects.requireNonNull(runtime, "runtime");
      this.plans = Objects.requireNonNull(plans, "plans");
      this.decisionPoint = Objects.requireNonNull(decisionPoint, "decisionPoint");
      if (plans.runtime() != runtime) {
        throw new IllegalArgumentException("the plan manager belongs to another run");
      }
    }

    /**
     * The issuer holding the tokens; share one issuer between the runs of an engine so that
     * revocation by tenant or session reaches all of them (default: a new
     * {@link InMemoryAuthorityIssuer} on the run's clock).
     */
    public Builder issuer(AuthorityIssuer issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /** The escalation handler (default: {@link EscalationHandler#denyAll()}). */
    public Builder escalation(EscalationHandler escalation) {
      this.escalation = Objects.requireNonNull(escalation, "escalation");
      return this;
    }

    /** Which actions need trusted parameters (default: {@link ParameterTrustPolicy#strict()}). */
    public Builder parameterTrust(ParameterTrustPolicy trust) {
      this.trust = Objects.requireNonNull(trust, "trust");
      return this;
    }

    /**
     * Adds a check run after the ALLOW and before each issuance (e.g. a rate limiter); checks run
     * in the order added.
     */
    public Builder issuanceCheck(IssuanceCheck check) {
      checks.add(Objects.requireNonNull(check, "check"));
      return this;
    }

    /**
     * Adds a check re-run when the token is presented at the gate, before it is consumed (see
     * {@link ExecutionCheck}); one that throws stops the step and revokes its token.
     */
    public Builder executionCheck(ExecutionCheck check) {
      executionChecks.add(Objects.requireNonNull(check, "check"));
      return this;
    }

    /**
     * Where each step's request context comes from (per-parameter labels, attributes), by step
     * index; {@code null} answers mean "none". The run's tenant and session always win, and the
     * default label is lowered to the step's own. A source that throws makes the step's
     * parameters EXTERNAL_UNTRUSTED (fail closed). Default: none.
     *
     * @since 0.2.0
     */
    public Builder stepContexts(IntFunction<RequestContext> contexts) {
      this.stepContexts = Objects.requireNonNull(contexts, "contexts");
      return this;
    }

    /**
     * The ledger in which every accepted escalation approval is claimed once, bound to its
     * request id and parameter hash, before it can authorise anything (default: none). A claim
     * that fails denies the escalation; a ledger that cannot answer fails the issuance with
     * {@link StateUnavailableException}.
     *
     * @since 0.2.0
     */
    public Builder approvals(OnceLedger ledger) {
      this.approvals = Objects.requireNonNull(ledger, "ledger");
      return this;
    }

    /** Builds the manager and connects it to the run's life cycle. */
    public AuthorityManager build() {
      return new AuthorityManager(this);
    }
  }
}
