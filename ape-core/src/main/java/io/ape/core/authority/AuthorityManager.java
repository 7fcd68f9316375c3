package io.ape.core.authority;

import io.ape.api.ActionRequest;
import io.ape.api.ApeException;
import io.ape.api.AuditException;
import io.ape.api.AuthorityException;
import io.ape.api.AuthorityToken;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
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
import io.ape.api.TokenBinding;
import io.ape.api.UnauthorizedActionException;
import io.ape.core.audit.AuditLog;
import io.ape.core.escalation.EscalationDeniedException;
import io.ape.core.escalation.EscalationDenial;
import io.ape.core.escalation.EscalationHandler;
import io.ape.core.intent.CurrentIntent;
import io.ape.core.internal.audit.AuditEvents;
import io.ape.core.internal.audit.Where;
import io.ape.core.internal.run.EscalationFlow;
import io.ape.core.internal.run.Grant;
import io.ape.core.internal.run.PolicyGeneration;
import io.ape.core.internal.run.PreDecision;
import io.ape.core.internal.run.RunState;
import io.ape.core.internal.run.RunWiring;
import io.ape.core.internal.run.StepDecider;
import io.ape.core.internal.run.TokenVerifier;
import io.ape.core.plan.ApprovedPlan;
import io.ape.core.plan.PlanManager;
import io.ape.core.policy.PolicyEngine;
import io.ape.core.policy.PolicyUpdateListener;
import io.ape.core.provenance.ParameterTrustPolicy;
import io.ape.core.runtime.RuntimeOrchestrator;
import io.ape.core.runtime.RuntimeState;
import io.ape.spi.AuthorityIssuer;
import io.ape.spi.state.OnceLedger;
import io.ape.spi.state.RevocationEpochs;
import io.ape.spi.state.RevocationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Issues authority for the steps of one run, in plan order, and lets the run's enforcement gate
 * — and only it — run a step in exchange for a valid token.
 *
 * <p>{@link #issue} issues a token only when all of these hold, and audits every refusal: a
 * DECISION (with its rule and reason) when the policy or the tool-transition check refused, an
 * ATTEMPT_REJECTED when another check did (state, plan, order, provenance), a RATE_LIMIT_EXCEEDED
 * for a limit; an
 * evaluation that allows is audited as a DECISION too:
 * <ol>
 *   <li>the run is EXECUTING ({@link RuntimeStateException} otherwise);</li>
 *   <li>a plan is approved against the current intent, and the action is exactly its step
 *       {@code k} (intent version, plan hash, action, tool, canonical parameter hash);</li>
 *   <li>step {@code k} is the next step: every earlier step finished through the gate, no token
 *       for it is outstanding, it is not running ({@link UnauthorizedActionException}
 *       otherwise);</li>
 *   <li>the tool is an allowed successor of the previous step's tool under the policy in force
 *       (DENY otherwise);</li>
 *   <li>only with a {@link Builder#parameterTrust trust adapter} (for a decision point that does
 *       not judge provenance itself): the parameters' provenance satisfies it
 *       ({@link ProvenanceException} otherwise);</li>
 *   <li>the policy evaluates the action with exactly those parameters and their labels to
 *       ALLOW — once per step: a decision made before the run started is reused if nothing it
 *       depends on changed. An action the intent lists as escalation-required is escalated even
 *       if the policy allows it. DENY throws {@link PolicyDenyException}; ESCALATE freezes the
 *       run and asks the resolver: only an approval of this very request (id, action, step,
 *       parameter hash, policy generation), through a trusted channel, used once, after which
 *       the policy still says ESCALATE under the same generation, lets it go on; any other end
 *       throws {@link EscalationDeniedException} saying why;</li>
 *   <li>every {@link IssuanceCheck} given to the builder (limits) accepts — after the ALLOW, so
 *       a denied step uses no limit.</li>
 * </ol>
 * The token is bound to tenant, session, intent version, plan hash, step, action, tool and
 * parameter hash, and to the policy version of its ALLOW; the run keeps with it the policy
 * generation its decision was made under and the revocation epochs in force when it was
 * issued.
 *
 * <p><b>Only the gate runs a step.</b> The one {@link io.ape.core.enforcement.EnforcementGate}
 * built on this manager holds its {@link GateKey} ({@link #bindGate()}, once); only with it can a
 * token be exchanged for a {@link StepExecution} and a step be reported finished. A step that
 * did not run through the gate never lets the next one be authorised.
 *
 * <p><b>Revocation.</b> Tokens are revoked when the run terminates, the intent or the plan
 * changes, and on demand ({@link #revoke}, {@link #revokeAll}, by intent, plan, tenant or
 * session). A policy reload advances the monotonic policy generation, so every outstanding token
 * is refused afterwards, even when the reload brings back the policy it was issued under (the
 * version digest alone cannot tell): with a {@link PolicyEngine} decision point the manager
 * follows its reloads by itself; with another {@link PolicyDecisionPoint}, call
 * {@link #onPolicyReloaded()} (its versions are compared too). With a revocation registry (the
 * engine's shared state), revoking everything, a tenant or a session reaches the tokens of every
 * instance: the epochs are read on every consume.
 *
 * <p><b>The wrong run.</b> A token presented to a run that did not issue it is refused and left
 * untouched: its own run can still use it.
 *
 * <p>A manager built on a {@link PolicyEngine} without the engine's wiring listens to the policy
 * engine's reloads until its run terminates: terminate every run you start.
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
  public static final String PARAMETER_LABELS = AuditEvents.PARAMETER_LABELS;

  private final RunState run;
  private final PolicyDecisionPoint decisionPoint;
  private final AuthorityIssuer issuer;
  private final EscalationFlow escalation;
  private final ParameterTrustPolicy trust;
  private final List<IssuanceCheck> checks;
  private final IntFunction<RequestContext> stepContexts;
  private final IntFunction<PreDecision> preDecisions;
  private final PolicyGeneration generation;
  private final RevocationRegistry revocations;
  private final boolean compactAudit;
  private final TokenVerifier verifier;
  private final AuditLog audit;
  private final RuntimeOrchestrator runtime;
  private final PlanManager plans;
  private final ReentrantLock lock = new ReentrantLock();
  private Progress progress;
  private GateKey gateKey;
  /** The last token lifetime audited ({@code ttl_ms}) and its text. Guarded by {@link #lock}. */
  private long lastTtlMillis = -1;
  private String lastTtlText = "";

  /** Where a run is in its approved plan. Guarded by {@link #lock}. */
  static final class Progress {
    final ApprovedPlan plan;
    int nextStep;
    Grant pending;
    boolean running;
    boolean escalating;

    Progress(ApprovedPlan plan) {
      this.plan = plan;
    }
  }

  /**
   * An authority manager with an {@link InMemoryAuthorityIssuer} of its own, the
   * {@code deny-all} escalation resolver and, unless the decision point is a
   * {@link PolicyEngine} (which judges provenance itself), the strict parameter-trust adapter.
   */
  public AuthorityManager(RuntimeOrchestrator runtime, PlanManager plans,
      PolicyDecisionPoint decisionPoint) {
    this(builder(runtime, plans, decisionPoint));
  }

  private AuthorityManager(Builder b) {
    this.run = b.run;
    this.runtime = b.runtime;
    this.plans = b.plans;
    this.decisionPoint = b.decisionPoint;
    this.issuer = b.issuer != null ? b.issuer : new InMemoryAuthorityIssuer(b.run.clock());
    this.trust = b.trustSet ? b.trust
        : b.decisionPoint instanceof PolicyEngine ? null : ParameterTrustPolicy.strict();
    this.checks = List.copyOf(b.checks);
    this.stepContexts = b.stepContexts;
    RunWiring w = b.wiring;
    this.preDecisions = w == null ? null : w.preDecisions();
    this.compactAudit = w != null && w.compactAudit();
    this.revocations = w == null ? null : w.revocations();
    PolicyGeneration shared = w == null ? null : w.generation();
    if (shared != null) {
      this.generation = shared;
    } else {
      this.generation = new PolicyGeneration();
      if (b.decisionPoint instanceof PolicyEngine engine) {
        PolicyUpdateListener listener = generation.follow(engine);
        b.run.onTerminated(() -> engine.removeUpdateListener(listener));
      }
    }
    this.escalation = new EscalationFlow(b.escalation != null ? b.escalation
        : EscalationHandler.denyAll(), b.approvals, generation);
    List<Consumer<TokenBinding>> gateChecks = new ArrayList<>();
    for (ExecutionCheck c : b.executionChecks) {
      gateChecks.add(c::check);
    }
    this.verifier = new TokenVerifier(issuer, revocations, gateChecks);
    this.audit = b.run.audit();
    run.onAuthorityLost(this::dropProgress);
  }

  /**
   * Starts building an authority manager for the seed's run (runtime, intent manager, plan
   * manager).
   *
   * @throws IllegalArgumentException if {@code plans} belongs to another run than {@code runtime}
   */
  public static Builder builder(RuntimeOrchestrator runtime, PlanManager plans,
      PolicyDecisionPoint decisionPoint) {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(plans, "plans");
    if (plans.runtime() != runtime) {
      throw new IllegalArgumentException("the plan manager belongs to another run");
    }
    return new Builder(new ManagedRun(runtime, plans), runtime, plans, decisionPoint);
  }

  /**
   * Starts building an authority manager for a run of the engine's pipeline (the one-step run of
   * a guarded call). Internal: not part of the API.
   *
   * @since 0.2.0
   */
  public static Builder builder(RunState run, PolicyDecisionPoint decisionPoint) {
    return new Builder(Objects.requireNonNull(run, "run"), null, null, decisionPoint);
  }

  /** The run (for the seed's run; {@code null} for a run of the engine's pipeline). */
  public RuntimeOrchestrator runtime() {
    return runtime;
  }

  /** The run's plan manager (for the seed's run; {@code null} otherwise). */
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

  /** The run's tenant. */
  public String tenantId() {
    return run.tenant();
  }

  /** The run's session reference ({@code ""} if none). */
  public String sessionId() {
    return run.session();
  }

  /** The index of the next step to authorise (0 when no plan is in progress). */
  public int nextStep() {
    lock.lock();
    try {
      Progress p = current(run.approved());
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
    ApprovedPlan ap = run.approved();
    if (ap == null) {
      throw new UnauthorizedActionException("no plan is approved for this run");
    }
    return Action.forStep(ap, stepIndex);
  }

  /**
   * The enforcement gate's key to this run: taken once, by the gate built on this manager. It
   * alone can exchange a token for a {@link StepExecution} and report a step finished.
   *
   * @throws IllegalStateException if a gate already took it
   * @since 0.2.0
   */
  public GateKey bindGate() {
    lock.lock();
    try {
      if (gateKey != null) {
        throw new IllegalStateException("this run already has its enforcement gate: only that "
            + "gate can run its steps");
      }
      gateKey = new GateKey(this);
      return gateKey;
    } finally {
      lock.unlock();
    }
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
   * @throws ProvenanceException if a trust adapter refuses the parameters' provenance
   * @throws PolicyDenyException if the policy (or a tool transition) denies the action
   * @throws EscalationDeniedException if the action needed an escalation that was not approved
   * @throws RateLimitExceededException if a limit refuses it (audited RATE_LIMIT_EXCEEDED)
   * @throws AuthorityException if the issuer refuses (e.g. its registry is full)
   * @throws StateUnavailableException if the shared state cannot answer (nothing is issued)
   * @throws AuditException if a step could not be audited (nothing is issued then)
   */
  public AuthorityToken issue(Action action) {
    if (action == null) {
      throw reject("issue", null, null, new UnauthorizedActionException("no action given"));
    }
    lock.lock();
    try {
      RuntimeState state = run.state();
      if (state != RuntimeState.EXECUTING) {
        throw reject("issue", action, null, new RuntimeStateException(state.name(),
            "ISSUE_AUTHORITY", "authority can only be issued in EXECUTING, but the run is in "
                + state));
      }
      ApprovedPlan ap = run.approved();
      CurrentIntent ci = run.intent();
      if (ap == null || ci == null || !ci.version().equals(ap.intentVersion())) {
        throw reject("issue", action, null, new UnauthorizedActionException(ap == null
            ? "no plan is approved for this run"
            : "the approved plan belongs to another intent version than the current intent"));
      }
      String mismatch = IssuanceGuards.differenceFromPlan(action, ap);
      if (mismatch != null) {
        throw reject("issue", action, null, new UnauthorizedActionException(
            "action is not step " + action.stepIndex() + " of the approved plan: " + mismatch));
      }
      Progress p = progressFor(ap);
      long gen = generation.current();
      if (p.pending != null && (p.pending.generation() != gen
          || !p.pending.decision().policyVersion().equals(policyVersion()))) {
        revoke(p.pending.token(), "policy reloaded since the token was issued");
        p.pending = null;
      }
      int k = action.stepIndex();
      String order = IssuanceGuards.orderRefusal(p, k, issuer);
      if (order != null) {
        throw reject("issue", action, null, new UnauthorizedActionException(order));
      }
      PlanStep step = ap.step(k);
      Where where = whereOf(ap, k);
      if (k > 0 && !PlanManager.transitionAllowed(decisionPoint, ap.step(k - 1).toolId(),
          step.toolId())) {
        Decision deny = new Decision(Outcome.DENY, step.actionId(), "tool transition '"
            + ap.step(k - 1).toolId() + "' -> '" + step.toolId() + "' is not allowed by the "
            + "policy", "tool_transitions", List.of(), policyVersion(), DecisionSource.RULE);
        AuditEvents.decision(audit, where, deny, step.parameters(), "tool transition check", null,
            ap.parameterProvenance(k));
        throw new PolicyDenyException(deny);
      }
      Provenance provenance = ap.parameterProvenance(k);
      if (trust != null) {
        Optional<String> violation = trust.violation(step.actionId(), provenance);
        if (violation.isPresent()) {
          throw reject("issue", action, null, new ProvenanceException(violation.get()));
        }
      }
      // what the step's authority must still hold when it is used, read before it is decided:
      // a revocation or reload that lands while it is decided makes it stale, never fresh
      RevocationEpochs epochs = null;
      if (revocations != null) {
        try {
          epochs = revocations.epochs(run.tenant(), run.session());
        } catch (StateUnavailableException e) {
          throw reject("issue", action, null, e);
        }
      }
      RequestContext context = contextOf(k, provenance);
      ActionRequest request = new ActionRequest(step.actionId(), step.parameters(), context);
      Decision decision = decide(k, request, ap, ci, gen);
      if (decision.outcome() != Outcome.ALLOW || !compactAudit) {
        AuditEvents.decision(audit, where, decision, step.parameters(), "issuance", context,
            provenance);
      }
      if (decision.outcome() == Outcome.DENY) {
        throw new PolicyDenyException(decision);
      }
      TokenBinding binding = bindingFor(ap, k);
      if (decision.outcome() == Outcome.ESCALATE) {
        decision = escalate(p, ap, ci, request, decision, k, binding, gen, provenance);
      }
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
        throw reject("issue", action, null, new AuthorityException(
            "the authority issuer returned no token"));
      }
      if (!compactAudit) {
        try {
          AuditEvents.tokenIssued(audit, Where.of(binding), decision, token.reference(),
              ttlText(token));
        } catch (AuditException e) {
          issuer.revoke(token);
          throw e;
        }
      }
      p.pending = new Grant(token, gen, epochs, decision, context, provenance);
      return token;
    } finally {
      lock.unlock();
    }
  }

  /** The step's one decision: the pre-flight's if it still holds, else one evaluation. */
  private Decision decide(int k, ActionRequest request, ApprovedPlan ap, CurrentIntent ci,
      long gen) {
    if (preDecisions != null) {
      PreDecision pre;
      try {
        pre = preDecisions.apply(k);
      } catch (RuntimeException e) {
        pre = null;
      }
      if (pre != null && pre.holdsFor(request.actionId(), ap.parametersHash(k),
          request.context(), gen)) {
        return pre.decision();
      }
    }
    return StepDecider.decide(decisionPoint, request, ci.intent());
  }

  // ------------------------------------------------------------------------------- the gate

  /** The gate's side of a step: verify and consume {@code token}, mark the step running. */
  StepExecution begin(GateKey key, AuthorityToken token, Action action) {
    if (key != gateKey || key == null) {
      throw reject("execute", action, null, new UnauthorizedActionException(
          "only the enforcement gate of this run can run its steps"));
    }
    lock.lock();
    try {
      ApprovedPlan ap = run.approved();
      CurrentIntent ci = run.intent();
      boolean inForce = ap != null && ci != null && ci.version().equals(ap.intentVersion());
      Progress p = inForce ? progressFor(ap) : progress;
      Grant pending = p == null ? null : p.pending;
      String busy = null;
      TokenBinding expected = null;
      if (inForce) {
        if (p.running || p.escalating) {
          busy = "step " + p.nextStep + (p.running ? " is already running"
              : " is waiting for an escalation");
        } else if (p.nextStep >= ap.size()) {
          busy = "every step of the plan has already run";
        }
        expected = p.nextStep < ap.size() ? bindingFor(ap, p.nextStep) : null;
      }
      TokenBinding presented = action == null ? null : new TokenBinding(run.tenant(),
          run.session(), action.intentVersion(), action.planHash(), action.stepIndex(),
          action.actionId(), action.toolId(), action.parametersHash());
      TokenVerifier.Verdict verdict = verifier.verify(token, presented, pending, run.tenant(),
          run.state(), expected, busy, generation.current(), policyVersion());
      if (!verdict.accepted()) {
        if (verdict.revoke() && pending != null) {
          issuer.revoke(token);
          p.pending = null;
        }
        throw reject("execute", action, verdict.binding(), verdict.refusal());
      }
      TokenBinding tb = verdict.binding();
      p.pending = null;
      p.running = true;
      try {
        if (compactAudit) {
          AuditEvents.grant(audit, Where.of(tb), pending.decision(), token.parameters(),
              pending.context(), pending.provenance(), token.reference(), ttlText(token));
        } else {
          AuditEvents.tokenConsumed(audit, Where.of(tb), token.reference(),
              token.policyVersion());
        }
      } catch (AuditException e) {
        p.running = false;
        throw e;
      }
      return new StepExecution(p, tb, token.parameters(), token.reference(), compactAudit);
    } finally {
      lock.unlock();
    }
  }

  /** The gate's report that the step's tool returned ({@code success}) or threw. */
  void finish(GateKey key, StepExecution step, boolean success) {
    if (key != gateKey || key == null) {
      throw new UnauthorizedActionException("only the enforcement gate of this run can report a "
          + "step finished");
    }
    lock.lock();
    try {
      Progress p = (Progress) step.progress();
      if (p == progress && p.running && p.nextStep == step.stepIndex()) {
        p.running = false;
        if (success) {
          p.nextStep++;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The gate's report that, in OBSERVE mode, step {@code k} ran unchecked (its issuance was
   * refused): the run moves on so that the next step is checked again, not run unchecked too.
   */
  void observed(GateKey key, int k) {
    if (key != gateKey || key == null) {
      throw new UnauthorizedActionException("only the enforcement gate of this run can report a "
          + "step observed");
    }
    lock.lock();
    try {
      Progress p = current(run.approved());
      if (p != null && !p.running && !p.escalating && p.nextStep == k) {
        if (p.pending != null) {
          issuer.revoke(p.pending.token());
          p.pending = null;
        }
        p.nextStep++;
      }
    } finally {
      lock.unlock();
    }
  }

  // ----------------------------------------------------------------------------- revocation

  /**
   * Revokes one token.
   *
   * @return whether it was outstanding
   */
  public boolean revoke(AuthorityToken token, String reason) {
    boolean revoked = issuer.revoke(token);
    if (revoked) {
      TokenBinding b = TokenVerifier.bindingOf(token);
      AuditEvents.tokenRevoked(audit, b == null ? Where.ENGINE : Where.of(b),
          TokenVerifier.safeRef(token), reason == null || reason.isBlank() ? "revoked" : reason);
    }
    return revoked;
  }

  /**
   * Revokes every outstanding token of the issuer (all runs and tenants) and, with a shared
   * revocation registry, every token of every instance; returns how many this issuer held.
   */
  public int revokeAll(String reason) {
    if (revocations != null) {
      revocations.revokeAll();
    }
    return revokeWhere(b -> true, reason == null || reason.isBlank() ? "all tokens revoked"
        : reason, "all", "");
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

  /** Revokes every outstanding token of {@code tenantId} (on every instance, when shared). */
  public int revokeByTenant(String tenantId) {
    if (revocations != null) {
      revocations.revokeTenant(tenantId);
    }
    return revokeWhere(b -> b.tenantId().equals(tenantId), "tenant revoked", "tenant", tenantId);
  }

  /** Revokes every outstanding token of {@code sessionId} (e.g. when the session ends). */
  public int revokeBySession(String sessionId) {
    if (revocations != null) {
      revocations.revokeSession(sessionId);
    }
    return revokeWhere(b -> b.sessionId().equals(sessionId), "session ended", "session",
        sessionId);
  }

  /**
   * The hook for a policy reload: advances the policy generation (so every token decided under
   * the old one is refused, whatever its version) and revokes every outstanding token of the
   * issuer. A manager on a {@link PolicyEngine} does the former by itself on every reload.
   */
  public int onPolicyReloaded() {
    generation.advance();
    return revokeAll("policy reloaded");
  }

  private int revokeWhere(Predicate<TokenBinding> filter, String reason, String scope,
      String value) {
    int n = issuer.revokeMatching(filter);
    Where w = new Where(scope.equals("tenant") ? value : run.tenant(),
        scope.equals("session") ? value : run.session(),
        scope.equals("intent") ? value : "", scope.equals("plan") ? value : "", -1, "", "");
    AuditEvents.tokensRevoked(audit, w, scope, n, reason, "");
    return n;
  }

  // ----------------------------------------------------------------------------- internals

  private Decision escalate(Progress p, ApprovedPlan ap, CurrentIntent ci, ActionRequest request,
      Decision escalate, int k, TokenBinding binding, long gen, Provenance provenance) {
    Decision allowed = null;
    RuntimeException failure = null;
    p.escalating = true;
    lock.unlock();
    try {
      allowed = escalation.escalate(run, binding, request, ci.intent(), decisionPoint, escalate,
          gen, provenance);
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      lock.lock();
      p.escalating = false;
    }
    if (failure != null) {
      throw failure;
    }
    if (p != progress || run.approved() != ap || run.intent() == null
        || !ci.version().equals(run.intent().version()) || p.nextStep != k
        || run.state() != RuntimeState.EXECUTING) {
      throw EscalationFlow.denied(audit, Where.of(binding), escalate, "escalation approved, but "
          + "the run changed while waiting (intent, plan, step or state)",
          EscalationDenial.DENIED_BY_RESOLVER, request, provenance);
    }
    return allowed;
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
      return new RequestContext(run.tenant(), run.session(), stepProvenance, Map.of());
    }
    Provenance label = Provenance.leastTrusted(stepProvenance, given.parameterProvenance());
    if (label == given.parameterProvenance() && given.tenantId().equals(run.tenant())
        && given.sessionId().equals(run.session())) {
      return given; // already the run's, and no more trusted than the step
    }
    return new RequestContext(run.tenant(), run.session(), label, given.attributes(),
        given.parameterLabels());
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

  private void dropProgress(String reason) {
    AuthorityToken pending;
    lock.lock();
    try {
      Progress p = progress;
      pending = p == null || p.pending == null ? null : p.pending.token();
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

  private TokenBinding bindingFor(ApprovedPlan ap, int k) {
    PlanStep step = ap.step(k);
    return new TokenBinding(run.tenant(), run.session(), ap.intentVersion(), ap.planHash(), k,
        step.actionId(), step.toolId(), ap.parametersHash(k));
  }

  private Where whereOf(ApprovedPlan ap, int k) {
    PlanStep step = ap.step(k);
    return new Where(run.tenant(), run.session(), ap.intentVersion(), ap.planHash(), k,
        step.actionId(), step.toolId());
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
    return StepDecider.versionOf(decisionPoint);
  }

  private RuntimeException reject(String operation, Action action, TokenBinding tb,
      RuntimeException e) {
    Where w = tb != null ? Where.of(tb) : Where.run(run.tenant(), run.session());
    if (action != null) {
      w = new Where(w.tenant(), w.session(), action.intentVersion(), action.planHash(),
          action.stepIndex(), action.actionId(), action.toolId());
    }
    return AuditEvents.rejectedQuietly(audit, w, operation, e, null);
  }

  /** Audits a limit that refused an issuance as RATE_LIMIT_EXCEEDED (one event, not two). */
  private RuntimeException limitExceeded(TokenBinding binding, Decision decision,
      RateLimitExceededException e) {
    try {
      AuditEvents.rateLimitExceeded(audit, Where.of(binding), decision, e);
    } catch (AuditException a) {
      e.addSuppressed(a);
    }
    return e;
  }

  /** Builder for {@link AuthorityManager}; not thread-safe. */
  public static final class Builder {
    private final RunState run;
    private final RuntimeOrchestrator runtime;
    private final PlanManager plans;
    private final PolicyDecisionPoint decisionPoint;
    private AuthorityIssuer issuer;
    private EscalationHandler escalation;
    private ParameterTrustPolicy trust;
    private boolean trustSet;
    private final List<IssuanceCheck> checks = new ArrayList<>();
    private final List<ExecutionCheck> executionChecks = new ArrayList<>();
    private IntFunction<RequestContext> stepContexts;
    private OnceLedger approvals;
    private RunWiring wiring;

    private Builder(RunState run, RuntimeOrchestrator runtime, PlanManager plans,
        PolicyDecisionPoint decisionPoint) {
      this.run = run;
      this.runtime = runtime;
      this.plans = plans;
      this.decisionPoint = Objects.requireNonNull(decisionPoint, "decisionPoint");
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

    /**
     * A trust adapter for a decision point that does not judge provenance itself: which actions
     * need trusted parameters, checked before the evaluation. The policy's evaluation is the one
     * trust rule; an adapter only adds to it for decision points that ignore provenance.
     * Default: none for a {@link PolicyEngine} (its rules' {@code provenance:} and, given action
     * risks, HIGH and CRITICAL actions decide), {@link ParameterTrustPolicy#strict()} for any
     * other decision point. {@code null}: none.
     */
    public Builder parameterTrust(ParameterTrustPolicy trust) {
      this.trust = trust;
      this.trustSet = true;
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
     * request id, action, step, parameter hash and policy generation, before it can authorise
     * anything (default: none). A claim that fails denies the escalation; a ledger that cannot
     * answer fails the issuance with {@link StateUnavailableException}.
     *
     * @since 0.2.0
     */
    public Builder approvals(OnceLedger ledger) {
      this.approvals = Objects.requireNonNull(ledger, "ledger");
      return this;
    }

    /**
     * How the engine's pipeline wires this run (shared policy generation, revocation registry,
     * pre-flight decisions, compact audit). Internal: not part of the API.
     *
     * @since 0.2.0
     */
    public Builder wiring(RunWiring wiring) {
      this.wiring = Objects.requireNonNull(wiring, "wiring");
      return this;
    }

    /** Builds the manager and connects it to the run's life cycle. */
    public AuthorityManager build() {
      return new AuthorityManager(this);
    }
  }
}
