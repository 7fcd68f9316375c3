package io.ape.core.internal.pipeline;

import io.ape.api.ApeException;
import io.ape.api.AuditException;
import io.ape.api.AuthorityToken;
import io.ape.api.Intent;
import io.ape.api.Labeled;
import io.ape.api.Plan;
import io.ape.api.Provenance;
import io.ape.api.RequestContext;
import io.ape.api.StateUnavailableException;
import io.ape.api.ToolExecutionException;
import io.ape.core.authority.Action;
import io.ape.core.authority.AuthorityManager;
import io.ape.core.authority.ExecutionCheck;
import io.ape.core.authority.IssuanceCheck;
import io.ape.core.enforcement.EnforcementGate;
import io.ape.core.enforcement.EnforcementMode;
import io.ape.core.escalation.EscalationHandler;
import io.ape.core.intent.CurrentIntent;
import io.ape.core.intent.IntentManager;
import io.ape.core.internal.run.OneStepRun;
import io.ape.core.internal.run.PreDecision;
import io.ape.core.internal.run.RunWiring;
import io.ape.core.plan.PlanManager;
import io.ape.core.runtime.RuntimeOrchestrator;
import io.ape.core.runtime.RuntimeState;
import io.ape.spi.state.OnceLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * One run of the authority lifecycle (DESIGN §11), the single pipeline of the plan path and of
 * the guarded call: the intent is set and the plan submitted and approved from the trusted
 * channel, the run moves to EXECUTING, and then, step by step in plan order,
 * <ol>
 *   <li>{@link Hooks#beforeIssue} (e.g. the session is still active);</li>
 *   <li>{@link AuthorityManager#issue}: one policy evaluation with the step's request context
 *       (per-parameter labels), escalation through the run's handler, then the
 *       {@link IssuanceCheck}s — limits are reserved there, only after an ALLOW, under the run's
 *       lock — and the token;</li>
 *   <li>{@link Hooks#tokenIssued};</li>
 *   <li>{@link EnforcementGate#execute}: the {@link ExecutionCheck}s, verify and consume the token,
 *       run the tool with the token's bound parameters;</li>
 *   <li>{@link Hooks#executed};</li>
 * </ol>
 * and the run terminates (outstanding tokens are revoked). The first refused or failed step stops
 * the run; its error is in its {@link StepResult}. Every stage audits to the parts' audit log.
 *
 * <p>In OBSERVE mode a step refused at issuance still runs (unchecked, audited as such, marked
 * {@code enforcement_mode=OBSERVE}); in DISABLED mode nothing is issued and every step runs
 * unchecked. A step that ran without a token is not reported to {@link Hooks#tokenIssued} nor
 * {@link Hooks#executed} (nothing was reserved for it), and it does not finish its step, so in
 * a plan every later step is observed too. One run is used by one thread.
 *
 * @since 0.2.0
 */
public final class OneRun {
  /**
   * What a caller adds around each step; every method may throw an {@link ApeException} to stop.
   *
   * @since 0.2.0
   */
  public interface Hooks {
    /** Before authority is issued for {@code action}. */
    default void beforeIssue(Action action) {}

    /** After the token for {@code action} was issued, before the gate. */
    default void tokenIssued(Action action) {}

    /** After the tool of {@code action} ran and returned. */
    default void executed(Action action, Labeled<Object> result) {}
  }

  /**
   * What happened to one step.
   *
   * @param index the step index
   * @param action the step, as bound into authority
   * @param value the tool's labelled result, or {@code null} if it did not run to completion
   * @param error why it did not, or {@code null}
   * @param observedRefusal in OBSERVE mode, the refusal the step ran despite; else {@code null}
   * @since 0.2.0
   */
  public record StepResult(int index, Action action, Labeled<Object> value, ApeException error,
      ApeException observedRefusal) {
    /** Whether the tool ran and returned. */
    public boolean executed() {
      return error == null && value != null;
    }
  }

  private final EngineParts parts;
  private final String tenant;
  private final String session;
  private final Intent intent;
  private final Plan plan;
  private final List<Provenance> stepProvenance;
  private final IntFunction<RequestContext> stepContexts;
  private final EscalationHandler escalation;
  private final List<IssuanceCheck> issuanceChecks;
  private final List<ExecutionCheck> executionChecks;
  private final OnceLedger approvals;
  private final IntFunction<PreDecision> preDecisions;
  private final CurrentIntent callIntent;
  private final String callId;
  private final Hooks hooks;

  private OneRun(Builder b) {
    this.parts = b.parts;
    this.tenant = Objects.requireNonNull(b.tenant, "tenant");
    this.session = Objects.requireNonNull(b.session, "session");
    this.intent = b.callIntent != null ? b.callIntent.intent()
        : Objects.requireNonNull(b.intent, "intent");
    this.plan = Objects.requireNonNull(b.plan, "plan");
    this.stepProvenance = b.stepProvenance;
    this.stepContexts = b.stepContexts;
    this.escalation = b.escalation != null ? b.escalation : b.parts.escalation();
    this.issuanceChecks = List.copyOf(b.issuanceChecks);
    this.executionChecks = List.copyOf(b.executionChecks);
    this.approvals = b.approvals;
    this.preDecisions = b.preDecisions;
    this.callIntent = b.callIntent;
    this.callId = b.callId;
    if (callIntent != null && plan.steps().size() != 1) {
      throw new IllegalArgumentException("a guarded call's run has exactly one step");
    }
    this.hooks = b.hooks;
  }

  /** Starts describing a run on {@code parts}. */
  public static Builder builder(EngineParts parts) {
    return new Builder(parts);
  }

  /**
   * Runs the plan.
   *
   * @return one result per step that was attempted, in order; the last one carries the error
   *     that stopped the run, if any
   * @throws ApeException if the run could not start (the intent or plan was refused, or could
   *     not be audited); no step ran then
   */
  public List<StepResult> run() {
    if (callIntent != null) {
      return List.of(runOneStep());
    }
    RuntimeOrchestrator runtime = RuntimeOrchestrator.builder().tenant(tenant).session(session)
        .clock(parts.clock()).audit(parts.audit()).build();
    IntentManager intents = new IntentManager(runtime);
    PlanManager plans = new PlanManager(intents, parts.policyEngine());
    AuthorityManager authority = wire(AuthorityManager.builder(runtime, plans,
        parts.policyEngine()), false);
    EnforcementMode mode = parts.enforcementMode();
    EnforcementGate gate = gate(authority, mode);
    List<StepResult> results = new ArrayList<>(plan.steps().size());
    try {
      intents.set(intent, Provenance.USER_TRUSTED);
      runtime.transition(RuntimeState.INTENT_SET);
      plans.submit(plan, Provenance.USER_TRUSTED, stepProvenance);
      plans.approve(Provenance.USER_TRUSTED);
      runtime.transition(RuntimeState.PLAN_APPROVED);
      runtime.transition(RuntimeState.EXECUTING);
      for (int i = 0; i < plan.steps().size(); i++) {
        StepResult r = step(authority, gate, mode, i);
        results.add(r);
        if (!r.executed()) {
          break;
        }
      }
    } finally {
      runtime.terminate();
    }
    return results;
  }

  /**
   * The guarded call's run: its one step, under the session's intent, approved when the run
   * starts, through the same authority manager and gate as every plan, audited compactly.
   */
  private StepResult runOneStep() {
    Provenance label = stepProvenance == null || stepProvenance.isEmpty()
        ? Provenance.EXTERNAL_UNTRUSTED : stepProvenance.get(0);
    OneStepRun run = new OneStepRun(tenant, session, parts.clock(), parts.audit(), callIntent,
        callId, plan.steps().get(0), label);
    AuthorityManager authority = wire(AuthorityManager.builder(run, parts.policyEngine()), true);
    EnforcementMode mode = parts.enforcementMode();
    try {
      return step(authority, gate(authority, mode), mode, 0);
    } finally {
      run.terminate();
    }
  }

  private AuthorityManager wire(AuthorityManager.Builder ab, boolean compact) {
    ab.issuer(parts.issuer()).escalation(escalation).parameterTrust(parts.trust())
        .wiring(new RunWiring(parts.generation(), parts.state().revocations(), preDecisions,
            compact));
    issuanceChecks.forEach(ab::issuanceCheck);
    executionChecks.forEach(ab::executionCheck);
    if (stepContexts != null) {
      ab.stepContexts(stepContexts);
    }
    if (approvals != null) {
      ab.approvals(approvals);
    }
    return ab.build();
  }

  private EnforcementGate gate(AuthorityManager authority, EnforcementMode mode) {
    return EnforcementGate.builder(authority, parts.tools()).mode(mode)
        .allowDisabledMode(mode == EnforcementMode.DISABLED).warnAboutMode(false).build();
  }

  private StepResult step(AuthorityManager authority, EnforcementGate gate, EnforcementMode mode,
      int i) {
    Action action = null;
    ApeException observed = null;
    try {
      action = authority.actionForStep(i);
      hooks.beforeIssue(action);
      AuthorityToken token = null;
      if (mode != EnforcementMode.DISABLED) {
        try {
          token = authority.issue(action);
        } catch (ApeException refusal) {
          if (mode != EnforcementMode.OBSERVE || !observable(refusal)) {
            throw refusal;
          }
          observed = refusal;
        }
      }
      if (token != null) {
        hooks.tokenIssued(action);
      }
      Labeled<Object> value = gate.execute(token, action);
      if (token != null) {
        hooks.executed(action, value);
      }
      return new StepResult(i, action, value, null, observed);
    } catch (ApeException e) {
      return new StepResult(i, action, null, e, observed);
    }
  }

  /** A refusal OBSERVE runs despite; failures of APE itself stop the step in every mode. */
  private static boolean observable(ApeException e) {
    return !(e instanceof AuditException || e instanceof StateUnavailableException
        || e instanceof ToolExecutionException);
  }

  /**
   * Describes a run. Not thread-safe.
   *
   * @since 0.2.0
   */
  public static final class Builder {
    private final EngineParts parts;
    private String tenant;
    private String session;
    private Intent intent;
    private Plan plan;
    private List<Provenance> stepProvenance;
    private IntFunction<RequestContext> stepContexts;
    private EscalationHandler escalation;
    private final List<IssuanceCheck> issuanceChecks = new ArrayList<>();
    private final List<ExecutionCheck> executionChecks = new ArrayList<>();
    private OnceLedger approvals;
    private IntFunction<PreDecision> preDecisions;
    private CurrentIntent callIntent;
    private String callId;
    private Hooks hooks = new Hooks() { };

    private Builder(EngineParts parts) {
      this.parts = Objects.requireNonNull(parts, "parts");
    }

    /** The run's tenant. */
    public Builder tenant(String tenant) {
      this.tenant = tenant;
      return this;
    }

    /** The run's session (its non-secret reference, as in audit records). */
    public Builder session(String session) {
      this.session = session;
      return this;
    }

    /** The intent, set from the trusted channel. */
    public Builder intent(Intent intent) {
      this.intent = intent;
      return this;
    }

    /** The plan, submitted and approved from the trusted channel. */
    public Builder plan(Plan plan) {
      this.plan = plan;
      return this;
    }

    /** The label of each step's parameters ({@code null}: the trusted channel's). */
    public Builder stepProvenance(List<Provenance> labels) {
      this.stepProvenance = labels;
      return this;
    }

    /** Per-step request contexts (per-parameter labels, attributes). */
    public Builder stepContexts(IntFunction<RequestContext> contexts) {
      this.stepContexts = contexts;
      return this;
    }

    /** The escalation handler (default: the engine's). */
    public Builder escalation(EscalationHandler handler) {
      this.escalation = handler;
      return this;
    }

    /** Adds a check run inside issuance, after the ALLOW (limits). */
    public Builder issuanceCheck(IssuanceCheck check) {
      issuanceChecks.add(Objects.requireNonNull(check, "check"));
      return this;
    }

    /** Adds a check run at the gate, before the token is consumed. */
    public Builder executionCheck(ExecutionCheck check) {
      executionChecks.add(Objects.requireNonNull(check, "check"));
      return this;
    }

    /** The ledger single-use approvals are claimed in. */
    public Builder approvals(OnceLedger ledger) {
      this.approvals = ledger;
      return this;
    }

    /**
     * The decisions of the pre-flight, by step index: issuance uses a step's instead of
     * evaluating again while nothing it depends on changed (one evaluation per step).
     */
    public Builder preDecisions(IntFunction<PreDecision> decisions) {
      this.preDecisions = decisions;
      return this;
    }

    /**
     * Makes this the run of one guarded call: its one-step plan runs under {@code sessionIntent}
     * without a runtime, intent manager or plan manager of its own (the session's intent was
     * declared through the trusted channel; the plan is the call), audited compactly (one grant
     * record before the tool, one record after). The plan's hash is {@code callId} (64 hex
     * digits, unique).
     */
    public Builder guardedCall(CurrentIntent sessionIntent, String callId) {
      this.callIntent = Objects.requireNonNull(sessionIntent, "sessionIntent");
      this.callId = Objects.requireNonNull(callId, "callId");
      return this;
    }

    /** The hooks around each step. */
    public Builder hooks(Hooks hooks) {
      this.hooks = Objects.requireNonNull(hooks, "hooks");
      return this;
    }

    /** The run, ready to {@link OneRun#run()}. */
    public OneRun build() {
      return new OneRun(this);
    }
  }
}
