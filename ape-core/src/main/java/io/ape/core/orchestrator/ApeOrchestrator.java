package io.ape.core.orchestrator;

import io.ape.api.ActionDefinition;
import io.ape.api.ActionRequest;
import io.ape.api.ApeConfigurationException;
import io.ape.api.ApeException;
import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.AuthorityToken;
import io.ape.api.CompiledIntent;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.EscalationRequiredException;
import io.ape.api.IntentCompilerOptions;
import io.ape.api.IntentNarrowingException;
import io.ape.api.Labeled;
import io.ape.api.Outcome;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.PlanValidationException;
import io.ape.api.PolicyConditionException;
import io.ape.api.PolicyDenyException;
import io.ape.api.Provenance;
import io.ape.api.RateLimitExceededException;
import io.ape.api.RequestContext;
import io.ape.api.RiskLevel;
import io.ape.api.Tool;
import io.ape.api.ToolNotRegisteredException;
import io.ape.spi.AuditSink;
import io.ape.spi.EscalationResolver;
import io.ape.spi.IntentCompiler;
import io.ape.spi.IntentCompilerProvider;
import io.ape.spi.ProviderContext;
import io.ape.core.provider.ProviderLoader;
import io.ape.core.provider.ProviderSelector;
import io.ape.core.provider.ProviderSpec;
import io.ape.core.actions.ActionRepository;
import io.ape.core.actions.StandardActions;
import io.ape.core.audit.AuditLog;
import io.ape.core.audit.InMemoryAuditSink;
import io.ape.core.authority.Action;
import io.ape.core.authority.AuthorityManager;
import io.ape.core.authority.InMemoryAuthorityIssuer;
import io.ape.core.compiler.PatternIntentCompilerProvider;
import io.ape.core.compiler.PolicyViews;
import io.ape.core.enforcement.EnforcementGate;
import io.ape.core.enforcement.ToolHandle;
import io.ape.core.enforcement.ToolRegistry;
import io.ape.core.escalation.EscalationHandler;
import io.ape.core.intent.IntentManager;
import io.ape.core.plan.PlanManager;
import io.ape.core.planning.PlanGenerator;
import io.ape.core.planning.PlanMetadata;
import io.ape.core.policy.PolicyEngine;
import io.ape.core.provenance.ParameterTrustPolicy;
import io.ape.core.ratelimit.RateLimiter;
import io.ape.core.runtime.RuntimeOrchestrator;
import io.ape.core.runtime.RuntimeState;
import io.ape.core.session.SessionManager;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-call path of the seed: load a policy, register tools, {@code execute(prompt)}.
 *
 * <p>Every call runs the whole authority lifecycle with per-call state (its own runtime, intent
 * manager, plan manager, authority manager and gate; the policy engine, tool registry, token
 * issuer and audit log are shared):
 * <ol>
 *   <li>the prompt is compiled into an intent, narrowed by the policy;</li>
 *   <li>a plan is generated (or a model's plan is parsed and validated: it can never add an
 *       action the intent lacks);</li>
 *   <li><b>pre-flight</b>: every step is checked before the first one runs: its tool is
 *       registered, its parameters satisfy the action's schema, and the policy evaluated with
 *       exactly those parameters does not DENY; an ESCALATE with no escalation resolver
 *       configured is refused here (the default resolver denies everything). If any step fails,
 *       nothing runs and every step is reported;</li>
 *   <li>the intent is set from the user's channel (USER_TRUSTED), the plan submitted and
 *       approved, the runtime moved to EXECUTING;</li>
 *   <li>per step: in a session, the session must be active; the {@link ExecutionLimiter} and
 *       the {@link RateLimiter}s reserve a slot (and the step's risk); in a session, the
 *       session reserves a slot of its action cap; the {@link AuthorityManager} evaluates again
 *       and issues a single-use token (escalating through the resolver when the policy says
 *       ESCALATE); in a session, the session must still be active; the
 *       {@link EnforcementGate} consumes the token and runs the tool;</li>
 *   <li>the run terminates (outstanding tokens are revoked).</li>
 * </ol>
 * Tools are held by the gate's registry as opaque handles: this class never calls a tool
 * itself. Tool results are EXTERNAL_UNTRUSTED data; they are returned, never fed back into
 * intents or plans.
 *
 * <p>Every audit event of a call carries the detail {@code correlation_id}, returned as
 * {@link OrchestrationResult#auditCorrelationId()}.
 *
 * <p>Thread-safe: one orchestrator serves many concurrent calls.
 */
public final class ApeOrchestrator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApeOrchestrator.class);
  /** The audit detail key carrying a call's correlation id. */
  public static final String CORRELATION_ID = "correlation_id";

  /** The intent compiler SPI: configuration key {@code ape.compiler}, built-in {@code patterns}. */
  static final ProviderSpec<IntentCompilerProvider> COMPILERS = ProviderSpec.of(
      IntentCompilerProvider.class, "ape.compiler", "")
      .withReservedId(PatternIntentCompilerProvider.ID, PatternIntentCompilerProvider.class.getName());

  private final PolicyEngine engine;
  private final boolean ownsEngine;
  private final ActionRepository repository;
  private final IntentCompiler compiler;
  private final IntentCompilerOptions compilerOptions;
  private final PlanGenerator generator;
  private final ToolRegistry tools = new ToolRegistry();
  private final EscalationHandler escalation;
  private final boolean hasResolver;
  private final AuditLog audit;
  private final InMemoryAuditSink memory;
  private final InMemoryAuthorityIssuer issuer;
  private final Clock clock;
  private final String tenant;
  private final ExecutionLimiter limiter;
  private final List<RateLimiter> rateLimiters;
  private final SessionManager sessions;
  private final ParameterTrustPolicy trust;
  private volatile CachedView view;

  private ApeOrchestrator(Builder b) {
    this.engine = b.engine;
    this.ownsEngine = b.ownsEngine;
    this.repository = b.repository != null ? b.repository : StandardActions.createRepository();
    this.compiler = b.compiler != null ? b.compiler : selectCompiler(b, repository);
    this.compilerOptions = b.compilerOptions;
    this.generator = new PlanGenerator(repository);
    this.clock = b.clock;
    this.tenant = b.tenant;
    this.limiter = b.limiter;
    List<RateLimiter> limiters = new ArrayList<>();
    limiters.add(RateLimiter.fromSettings(b.engine.policy().rateLimits(), b.clock));
    limiters.addAll(b.rateLimiters);
    this.rateLimiters = List.copyOf(limiters);
    this.hasResolver = b.resolver != null;
    this.escalation = b.resolver != null ? new EscalationHandler(b.resolver, b.escalationTimeout)
        : EscalationHandler.denyAll();
    this.memory = new InMemoryAuditSink();
    AuditLog.Builder ab = AuditLog.builder().clock(clock).sink(memory);
    for (AuditSink s : b.sinks) {
      ab.sink(s);
    }
    if (engine.policy().audit() != null) {
      ab.redaction(engine.policy().audit());
    }
    this.audit = ab.build();
    SessionManager.Builder sb = SessionManager.builder().clock(clock)
        .listener(new SessionAuditor(audit));
    for (RateLimiter rl : rateLimiters) {
      sb.rateLimiter(rl);
    }
    b.sessionConfig.accept(sb);
    this.sessions = sb.build();
    this.issuer = InMemoryAuthorityIssuer.builder().clock(clock).build();
    this.trust = ParameterTrustPolicy.byRisk(id -> repository.find(id).map(ActionDefinition::riskLevel));
  }

  /** The intent compiler chosen through the {@link ProviderSelector} (key {@code ape.compiler}). */
  private static IntentCompiler selectCompiler(Builder b, ActionRepository repository) {
    ProviderSelector selector = new ProviderSelector(b.providerLoader, b.properties);
    IntentCompilerProvider provider = selector.selectOne(COMPILERS, b.compilerProvider);
    IntentCompiler created = provider.create(new ProviderContext(b.properties, b.clock), repository);
    if (created == null) {
      throw new ApeConfigurationException("intent compiler provider '" + provider.id()
          + "' returned no compiler");
    }
    return created;
  }

  /**
   * An orchestrator for a policy file with the standard actions, the pattern intent compiler,
   * the deny-all escalation resolver, an in-memory audit log and the system clock.
   *
   * @throws io.ape.api.PolicyException if the policy cannot be loaded
   */
  public static ApeOrchestrator fromPolicy(Path policyFile) {
    return builder().policyFile(policyFile).build();
  }

  /** Starts building an orchestrator. */
  public static Builder builder() {
    return new Builder();
  }

  /** The policy engine. */
  public PolicyEngine policyEngine() {
    return engine;
  }

  /** The action repository. */
  public ActionRepository repository() {
    return repository;
  }

  /** The audit log every call records to. */
  public AuditLog audit() {
    return audit;
  }

  /** The in-memory sink that always receives this orchestrator's audit events. */
  public InMemoryAuditSink auditEvents() {
    return memory;
  }

  /** The tenant calls run for. */
  public String tenant() {
    return tenant;
  }

  /** The clock. */
  public Clock clock() {
    return clock;
  }

  /**
   * Registers a tool under {@code toolId}. Its output is labelled EXTERNAL_UNTRUSTED. The tool
   * is kept by the gate's registry; the returned handle cannot run it.
   *
   * @throws ApeConfigurationException if the id is malformed or already registered, or the tool is null
   */
  public ToolHandle registerTool(String toolId, Tool tool) {
    return tools.register(toolId, tool);
  }

  /** The registered tool ids. */
  public java.util.Set<String> toolIds() {
    return tools.toolIds();
  }

  // ---------------------------------------------------------------------------------- step API

  /**
   * Compiles a prompt into an intent narrowed by the policy in force.
   *
   * @throws io.ape.api.IntentAmbiguityException if the prompt is empty or names no action
   * @throws IntentNarrowingException if the policy forbids everything the prompt asks for
   */
  public CompiledIntent compileIntent(String prompt) {
    return compiler.compile(prompt, policyView(), compilerOptions);
  }

  /** The compiler's view of the policy in force, rebuilt only when the policy version changes. */
  private io.ape.api.PolicyView policyView() {
    io.ape.api.Policy policy = engine.policy();
    CachedView cached = view;
    if (cached == null || cached.policy != policy) {
      cached = new CachedView(policy, PolicyViews.of(policy));
      view = cached;
    }
    return cached.view;
  }

  private record CachedView(io.ape.api.Policy policy, io.ape.api.PolicyView view) {}

  /** The plan for an intent, with the parameters the prompt named. */
  public Plan createPlan(CompiledIntent intent) {
    return createPlan(intent, null);
  }

  /**
   * The plan for an intent.
   *
   * @param parameters per action id, parameters completing or replacing those the prompt named
   * @throws PlanValidationException listing every problem (parameters for an action outside the
   *     intent, schema violations)
   */
  public Plan createPlan(CompiledIntent intent, Map<String, ? extends Map<String, ?>> parameters) {
    return generator.generate(intent, parameters, tenant);
  }

  /**
   * Parses and validates a plan proposed by a model. The proposal is untrusted: a step whose
   * action the intent does not permit, that the policy denies, or whose parameters break the
   * schema makes it invalid.
   *
   * @throws io.ape.api.PlanParseException if no plan can be read
   * @throws PlanValidationException listing every problem
   */
  public Plan createPlanFromLlm(String llmOutput, CompiledIntent intent) {
    Objects.requireNonNull(intent, "intent");
    Plan validated = generator.fromModelOutput(llmOutput, intent, engine,
        RequestContext.untrusted().withTenant(tenant));
    return new Plan(tenant, validated.steps(), validated.description(), validated.metadata());
  }

  /** Runs a plan for an intent through the whole lifecycle (see the class documentation). */
  public OrchestrationResult executePlan(CompiledIntent intent, Plan plan) {
    return run("", intent, plan, CallContext.standalone(newCorrelationId()));
  }

  // ------------------------------------------------------------------------------- one call

  /** Compiles, plans and runs a prompt; a denial or failure is reported in the result. */
  public OrchestrationResult execute(String prompt) {
    return execute(prompt, null);
  }

  /** As {@link #execute(String)}, with parameters per action id completing the prompt's. */
  public OrchestrationResult execute(String prompt,
      Map<String, ? extends Map<String, ?>> parametersByAction) {
    return execute(prompt, parametersByAction, CallContext.standalone(newCorrelationId()));
  }

  /**
   * As {@link #execute(String)}, but a failure is thrown as the seed's typed error:
   * {@link PolicyDenyException} (with the action id) for a denied step or a prompt whose every
   * action is forbidden, {@link PolicyConditionException} when the deny came from failed
   * conditions, {@link EscalationRequiredException} for an escalation that was not approved,
   * {@link io.ape.api.IntentAmbiguityException}, {@link PlanValidationException},
   * {@link RateLimitExceededException}, and the session errors within a session.
   */
  public OrchestrationResult executeOrThrow(String prompt) {
    return orThrow(execute(prompt));
  }

  /** As {@link #executeOrThrow(String)} with parameters. */
  public OrchestrationResult executeOrThrow(String prompt,
      Map<String, ? extends Map<String, ?>> parametersByAction) {
    return orThrow(execute(prompt, parametersByAction));
  }

  static OrchestrationResult orThrow(OrchestrationResult r) {
    if (!r.success()) {
      throw r.errorException().orElseGet(() -> new PlanValidationException(List.of(),
          "the plan did not run to completion"));
    }
    return r;
  }

  // ----------------------------------------------------------------------------- sessions

  /**
   * The session manager every {@link ApeSession} of this orchestrator lives in: sessions are
   * bounded in number, tenant-bound, opened and closed in the rate limiters, audited
   * ({@code SESSION_STARTED}, {@code SESSION_ENDED} with the reason {@code ended},
   * {@code expired} or {@code revoked}), and listed, ended, revoked and purged here.
   */
  public SessionManager sessions() {
    return sessions;
  }

  /** The smallest risk budget of the rate limiters ({@code POSITIVE_INFINITY} if none). */
  double riskBudget() {
    double min = Double.POSITIVE_INFINITY;
    for (RateLimiter rl : rateLimiters) {
      min = Math.min(min, rl.maxCumulativeRisk());
    }
    return min;
  }

  /**
   * A session for {@code userId} in this orchestrator's tenant, expiring after {@code ttl}.
   *
   * @throws IllegalArgumentException if the user id is not a valid name or the ttl is not
   *     positive or longer than the session manager's maximum
   * @throws io.ape.api.SessionException if the session manager holds its maximum of sessions
   */
  public ApeSession createSession(String userId, Duration ttl) {
    return createSession(userId, ttl, tenant);
  }

  /** A session for {@code userId} in {@code tenantId}; see {@link ApeSession}. */
  public ApeSession createSession(String userId, Duration ttl, String tenantId) {
    return ApeSession.builder(this, userId, ttl).tenant(tenantId).build();
  }

  /** A builder for a session with limits (risk budget, actions). */
  public ApeSession.Builder session(String userId, Duration ttl) {
    return ApeSession.builder(this, userId, ttl);
  }

  OrchestrationResult execute(String prompt, Map<String, ? extends Map<String, ?>> parameters,
      CallContext call) {
    CompiledIntent intent;
    Plan plan;
    try {
      intent = audit.withDetail(CORRELATION_ID, call.correlationId(), () -> compileIntent(prompt));
    } catch (IntentNarrowingException e) {
      return failure(prompt, null, null, List.of(), denialOf(e), call);
    } catch (ApeException e) {
      return failure(prompt, null, null, List.of(), e, call);
    }
    try {
      Map<String, ? extends Map<String, ?>> completed = call.complete(intent, parameters);
      plan = generator.generate(intent, completed, call.tenant(tenant));
    } catch (ApeException e) {
      return failure(prompt, intent, null, List.of(), e, call);
    }
    return run(prompt, intent, plan, call);
  }

  OrchestrationResult run(String prompt, CompiledIntent intent, Plan plan, CallContext call) {
    Objects.requireNonNull(intent, "intent");
    Objects.requireNonNull(plan, "plan");
    try {
      return audit.withDetail(CORRELATION_ID, call.correlationId(),
          () -> runLifecycle(prompt, intent, plan, call));
    } catch (ApeException e) {
      return failure(prompt, intent, plan, List.of(), e, call);
    }
  }

  private OrchestrationResult runLifecycle(String prompt, CompiledIntent intent, Plan plan,
      CallContext call) {
    String runTenant = call.tenant(tenant);
    if (!plan.tenantId().equals(runTenant)) {
      plan = new Plan(runTenant, plan.steps(), plan.description(), plan.metadata());
    }
    List<Provenance> parameterProvenance = parameterProvenance(intent, plan);
    List<StepReport> reports = new ArrayList<>();
    ApeException firstProblem = null;
    for (int i = 0; i < plan.steps().size(); i++) {
      PlanStep step = plan.steps().get(i);
      StepReport report = new StepReport(i, step.actionId(), step.toolId(), step.parameters(), null,
          StepStatus.NOT_RUN, null, "");
      ApeException problem = preflight(step, intent, parameterProvenance.get(i), runTenant, call);
      if (problem != null) {
        report = report.with(statusOf(problem), decisionOf(problem), null, problem.getMessage());
        firstProblem = firstProblem == null ? problem : firstProblem;
      } else {
        report = report.with(StepStatus.NOT_RUN, call.lastDecision, null, "");
      }
      reports.add(report);
    }
    if (plan.steps().isEmpty()) {
      firstProblem = new PlanValidationException(List.of("the plan has no steps"),
          "the plan has no steps");
    }
    if (firstProblem != null) {
      return failure(prompt, intent, plan, reports, firstProblem, call);
    }
    RuntimeOrchestrator runtime = RuntimeOrchestrator.builder().tenant(runTenant)
        .session(call.sessionId()).clock(clock).audit(audit).build();
    IntentManager intents = new IntentManager(runtime);
    PlanManager plans = new PlanManager(intents, engine);
    AuthorityManager authority = AuthorityManager.builder(runtime, plans, engine).issuer(issuer)
        .escalation(escalation).parameterTrust(trust)
        // the last point a step can be stopped: a session revoked after its token was issued
        // stops it at the gate, before the token is consumed
        .executionCheck(binding -> call.ensureActive()).build();
    EnforcementGate gate = new EnforcementGate(authority, tools);
    ApeException stop = null;
    try {
      intents.set(intent.toIntent(runTenant), Provenance.USER_TRUSTED);
      runtime.transition(RuntimeState.INTENT_SET);
      plans.submit(plan, Provenance.USER_TRUSTED, parameterProvenance);
      plans.approve(Provenance.USER_TRUSTED);
      runtime.transition(RuntimeState.PLAN_APPROVED);
      runtime.transition(RuntimeState.EXECUTING);
      for (int i = 0; i < plan.steps().size(); i++) {
        StepReport report = reports.get(i);
        if (stop != null) {
          break;
        }
        try {
          Action action = authority.actionForStep(i);
          RiskLevel risk = riskOf(action.actionId());
          call.ensureActive();
          reserve(call, action.actionId(), report.parameters(), risk);
          call.reserve(action.actionId(), risk);
          AuthorityToken token = authority.issue(action);
          call.tokenIssued();
          Labeled<Object> result = gate.execute(token, action);
          reports.set(i, report.with(StepStatus.EXECUTED, report.decision(), result, ""));
          call.executed(action.actionId(), report.parameters(), parameterProvenance.get(i));
        } catch (ApeException e) {
          reports.set(i, report.with(statusOf(e), decisionOf(e) != null ? decisionOf(e)
              : report.decision(), null, e.getMessage()));
          stop = e;
        }
      }
    } finally {
      runtime.terminate();
    }
    if (stop != null) {
      return failure(prompt, intent, plan, reports, stop, call);
    }
    return new OrchestrationResult(true, prompt, intent, plan, reports, null, call.correlationId());
  }

  /** Checks one step before anything runs; returns the problem, or {@code null}. */
  private ApeException preflight(PlanStep step, CompiledIntent intent, Provenance provenance,
      String runTenant, CallContext call) {
    call.lastDecision = null;
    if (!intent.permits(step.actionId())) {
      return new PlanValidationException(List.of("step action '" + step.actionId()
          + "' is not permitted by the intent"), "action '" + step.actionId()
          + "' is not part of the intent");
    }
    if (!tools.isRegistered(step.toolId())) {
      return new ToolNotRegisteredException("no tool is registered as '"
          + step.toolId() + "' (register it with registerTool)");
    }
    try {
      repository.validateParameters(step.actionId(), step.parameters());
    } catch (ApeException e) {
      return e;
    }
    Decision d = engine.evaluate(new ActionRequest(step.actionId(), step.parameters(),
        new RequestContext(runTenant, call.sessionId(), provenance, Map.of())));
    call.lastDecision = d;
    if (d.outcome() == Outcome.DENY) {
      return denyException(d);
    }
    if ((d.outcome() == Outcome.ESCALATE || intent.requiresEscalation(step.actionId()))
        && !hasResolver) {
      Decision esc = d.outcome() == Outcome.ESCALATE ? d : new Decision(Outcome.ESCALATE,
          step.actionId(), "the intent marks the action as escalation-required", d.matchedRule(),
          d.failedConditions(), d.policyVersion(), DecisionSource.ESCALATION_LIST);
      call.lastDecision = esc;
      return new EscalationRequiredException(esc);
    }
    return null;
  }

  private static ApeException denyException(Decision d) {
    if (!d.failedConditions().isEmpty() && d.source() != DecisionSource.FORBIDDEN_LIST) {
      PolicyConditionException e = new PolicyConditionException(d.actionId(),
          d.failedConditions().get(0).parameter(), d.reason());
      return new ConditionDenial(d, e);
    }
    return new PolicyDenyException(d);
  }

  private PolicyDenyException denialOf(IntentNarrowingException e) {
    String action = e.forbiddenActions().isEmpty() ? "unknown" : e.forbiddenActions().get(0);
    PolicyDenyException deny = new PolicyDenyException(Decision.deny(action, e.getMessage(),
        DecisionSource.FORBIDDEN_LIST, engine.policyVersion()));
    deny.initCause(e);
    return deny;
  }

  private static StepStatus statusOf(ApeException e) {
    if (e instanceof EscalationRequiredException
        || e instanceof io.ape.core.escalation.EscalationDeniedException) {
      return StepStatus.ESCALATION_DENIED;
    }
    if (e instanceof PolicyDenyException || e instanceof ConditionDenial) {
      return StepStatus.DENIED;
    }
    if (e instanceof RateLimitExceededException) {
      return StepStatus.RATE_LIMITED;
    }
    if (e instanceof PlanValidationException || e instanceof ToolNotRegisteredException
        || e instanceof io.ape.api.ActionRepositoryException) {
      return StepStatus.INVALID;
    }
    return StepStatus.FAILED;
  }

  private static Decision decisionOf(ApeException e) {
    if (e instanceof io.ape.api.DecisionException) {
      return ((io.ape.api.DecisionException) e).decision();
    }
    if (e instanceof ConditionDenial) {
      return ((ConditionDenial) e).decision;
    }
    return null;
  }

  private OrchestrationResult failure(String prompt, CompiledIntent intent, Plan plan,
      List<StepReport> reports, ApeException e, CallContext call) {
    ApeException typed = e instanceof ConditionDenial ? ((ConditionDenial) e).typed : e;
    LOG.debug("orchestrated call {} did not complete: {}", call.correlationId(), typed.getMessage());
    Decision decision = decisionOf(e);
    audit.withDetail(CORRELATION_ID, call.correlationId(), () -> {
      AuditEvent.Builder event = audit.event(AuditEventType.ATTEMPT_REJECTED);
      if (decision != null) {
        event.decision(decision);
      } else {
        event.decision(Outcome.DENY);
      }
      event.tenant(call.tenant(tenant)).session(call.sessionId())
          .reason(typed.getMessage() == null ? typed.getClass().getSimpleName() : typed.getMessage())
          .detail("stage", "orchestrator")
          .detail("error", typed.getClass().getSimpleName());
      return audit.record(event);
    });
    return new OrchestrationResult(false, prompt, intent, plan, reports, typed, call.correlationId());
  }

  /**
   * The provenance of each step's parameters: USER_TRUSTED for a generated plan (the prompt and
   * the caller's code), and for a model's plan USER_TRUSTED only where every value is one the
   * prompt named; EXTERNAL_UNTRUSTED otherwise.
   */
  private static List<Provenance> parameterProvenance(CompiledIntent intent, Plan plan) {
    boolean generated = PlanMetadata.GENERATOR.equals(plan.metadata().get(PlanMetadata.SOURCE));
    List<Provenance> out = new ArrayList<>();
    for (PlanStep s : plan.steps()) {
      if (generated) {
        out.add(Provenance.USER_TRUSTED);
        continue;
      }
      Map<String, Object> named = intent.permits(s.actionId()) ? intent.parametersFor(s.actionId())
          : Map.of();
      boolean fromPrompt = true;
      for (Map.Entry<String, Object> p : s.parameters().entrySet()) {
        List<Object> alternatives = intent.permits(s.actionId())
            ? intent.alternativesFor(s.actionId(), p.getKey()) : List.of();
        if (!Objects.equals(named.get(p.getKey()), p.getValue())
            && !alternatives.contains(p.getValue())) {
          fromPrompt = false;
        }
      }
      out.add(fromPrompt ? Provenance.USER_TRUSTED : Provenance.EXTERNAL_UNTRUSTED);
    }
    return out;
  }

  RiskLevel riskOf(String actionId) {
    return repository.find(actionId).map(ActionDefinition::riskLevel).orElse(RiskLevel.CRITICAL);
  }

  /**
   * Reserves a slot in the programmatic {@link ExecutionLimiter} and then in every
   * {@link RateLimiter} (the policy file's {@code rate_limits} first). Any refusal stops the step;
   * a reservation made before a refusal stays counted (no refunds).
   */
  private void reserve(CallContext call, String actionId, Map<String, Object> parameters,
      RiskLevel risk) {
    limiter.reserve(call.sessionId(), actionId, targetOf(parameters), risk);
    List<String> targets = targetsOf(parameters);
    String session = call.limiterSessionId();
    for (RateLimiter rl : rateLimiters) {
      try {
        rl.reserve(session, actionId, targets, risk.score());
      } catch (IllegalArgumentException e) {
        throw new RateLimitExceededException(actionId, "invalid_request", 0, Instant.MAX,
            "the rate limiter refused '" + actionId + "': " + e.getMessage());
      } catch (io.ape.api.SessionNotFoundException e) {
        // the session was closed in the limiter because it ended meanwhile: say why, typed
        call.ensureActive();
        throw e;
      }
    }
  }

  private static final List<String> TARGET_KEYS = List.of("url", "host", "path", "directory",
      "to", "from", "source", "destination");

  /** Every target-like string parameter of a step, for the target limits. */
  static List<String> targetsOf(Map<String, Object> parameters) {
    return io.ape.core.ratelimit.Targets.of(parameters);
  }

  static String targetOf(Map<String, Object> parameters) {
    for (String key : List.of("path", "url", "directory", "to", "table", "query", "command")) {
      Object v = parameters.get(key);
      if (v instanceof String) {
        return (String) v;
      }
    }
    return "";
  }

  static String newCorrelationId() {
    return UUID.randomUUID().toString();
  }

  /**
   * Ends every open session (each gets its SESSION_ENDED record), then closes the escalation
   * handler, the audit log and, if it was loaded here, the engine.
   */
  @Override
  public void close() {
    try {
      sessions.endAll();
    } catch (RuntimeException e) {
      LOG.warn("could not end every open session while closing the orchestrator: {}", e.toString());
    }
    escalation.close();
    audit.close();
    if (ownsEngine) {
      engine.close();
    }
  }

  /** Carries the decision of a condition deny alongside the seed's typed error. */
  private static final class ConditionDenial extends ApeException {
    private static final long serialVersionUID = 1L;
    final transient Decision decision;
    final PolicyConditionException typed;

    ConditionDenial(Decision decision, PolicyConditionException typed) {
      super(typed.getMessage());
      this.decision = decision;
      this.typed = typed;
    }
  }

  /** Per-call state: correlation id, session hooks, the decision of the step being checked. */
  static class CallContext {
    private final String correlationId;
    Decision lastDecision;

    CallContext(String correlationId) {
      this.correlationId = correlationId;
    }

    static CallContext standalone(String correlationId) {
      return new CallContext(correlationId);
    }

    String correlationId() {
      return correlationId;
    }

    String sessionId() {
      return "call-" + correlationId;
    }

    String tenant(String orchestratorTenant) {
      return orchestratorTenant;
    }

    /** The session id for the {@link RateLimiter}s; {@code null} outside a session. */
    String limiterSessionId() {
      return null;
    }

    Map<String, ? extends Map<String, ?>> complete(CompiledIntent intent,
        Map<String, ? extends Map<String, ?>> parameters) {
      return parameters;
    }

    /** Before every issuance: throws if the call's session cannot act any more. */
    void ensureActive() {
      // a call outside a session has no session to expire
    }

    /** After the rate limiters admitted a step: reserves it in the session (atomically). */
    void reserve(String actionId, RiskLevel risk) {
      // a call outside a session has no session cap
    }

    /** After a token was issued, before the tool runs: counts it, if the session is active. */
    void tokenIssued() {
      // a call outside a session counts no tokens across calls
    }

    /** After the tool of a step ran. */
    void executed(String actionId, Map<String, Object> parameters, Provenance provenance) {
      // a call outside a session remembers nothing across calls
    }
  }

  /** Builder for {@link ApeOrchestrator}; not thread-safe. */
  public static final class Builder {
    private PolicyEngine engine;
    private boolean ownsEngine;
    private ActionRepository repository;
    private IntentCompiler compiler;
    private IntentCompilerOptions compilerOptions = IntentCompilerOptions.defaults();
    private EscalationResolver resolver;
    private Duration escalationTimeout = EscalationHandler.DEFAULT_TIMEOUT;
    private final List<AuditSink> sinks = new ArrayList<>();
    private final List<Map.Entry<String, Tool>> tools = new ArrayList<>();
    private ExecutionLimiter limiter = ExecutionLimiter.UNLIMITED;
    private final List<RateLimiter> rateLimiters = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private String tenant = RequestContext.DEFAULT_TENANT;
    private IntentCompilerProvider compilerProvider;
    private ProviderLoader providerLoader = ProviderLoader.serviceLoader();
    private final Map<String, String> properties = new java.util.LinkedHashMap<>();
    private Consumer<SessionManager.Builder> sessionConfig = sb -> { };

    private Builder() {}

    /**
     * Configures the orchestrator's {@link ApeOrchestrator#sessions() session manager}, e.g.
     * {@code sessions(s -> s.maxSessions(1000).maxTtl(Duration.ofHours(8)).listener(l))}. The
     * manager is created with the orchestrator's clock, its rate limiters and the session
     * audit listener already set; the configuration may add limiters and listeners (they only
     * add) and set the bounds. Default: the manager's defaults (10,000 sessions, time to live
     * at most 24 hours, 10,000 actions per session).
     */
    public Builder sessions(Consumer<SessionManager.Builder> configuration) {
      this.sessionConfig = Objects.requireNonNull(configuration, "configuration");
      return this;
    }

    /**
     * The intent compiler provider to use (default: chosen by the {@link ProviderSelector}
     * among the discovered ones, {@code ape.compiler} naming one; the built-in is
     * {@code patterns}). Ignored if {@link #intentCompiler} is given.
     */
    public Builder intentCompilerProvider(IntentCompilerProvider provider) {
      this.compilerProvider = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /** Where providers are discovered (default: {@link java.util.ServiceLoader}). */
    public Builder providerLoader(ProviderLoader loader) {
      this.providerLoader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /** A configuration property for provider selection and creation, e.g. {@code ape.compiler}. */
    public Builder property(String key, String value) {
      properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Loads the policy from a file (the engine is closed with the orchestrator). */
    public Builder policyFile(Path file) {
      this.engine = PolicyEngine.fromFile(Objects.requireNonNull(file, "file"));
      this.ownsEngine = true;
      return this;
    }

    /** Uses an engine (not closed with the orchestrator). */
    public Builder policyEngine(PolicyEngine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      this.ownsEngine = false;
      return this;
    }

    /** The action repository (default: the standard actions). */
    public Builder actionRepository(ActionRepository repository) {
      this.repository = Objects.requireNonNull(repository, "repository");
      return this;
    }

    /** The intent compiler (default: the deterministic {@code patterns} compiler). */
    public Builder intentCompiler(IntentCompiler compiler) {
      this.compiler = Objects.requireNonNull(compiler, "compiler");
      return this;
    }

    /** Options passed to the intent compiler. */
    public Builder intentCompilerOptions(IntentCompilerOptions options) {
      this.compilerOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** The escalation resolver (default: none, every escalation is denied). */
    public Builder escalationResolver(EscalationResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** How long the escalation resolver may take. */
    public Builder escalationTimeout(Duration timeout) {
      this.escalationTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Adds an audit sink (the in-memory sink is always present). */
    public Builder auditSink(AuditSink sink) {
      sinks.add(Objects.requireNonNull(sink, "sink"));
      return this;
    }

    /** Registers a tool at build time. */
    public Builder tool(String toolId, Tool tool) {
      tools.add(Map.entry(Objects.requireNonNull(toolId, "toolId"), Objects.requireNonNull(tool, "tool")));
      return this;
    }

    /**
     * A rate limiter enforced in addition to the policy file's {@code rate_limits} (which are
     * always enforced). The session manager opens and closes the orchestrator's sessions in it.
     * May be called several times: every limiter applies.
     */
    public Builder rateLimiter(RateLimiter limiter) {
      this.rateLimiters.add(Objects.requireNonNull(limiter, "limiter"));
      return this;
    }

    /**
     * A custom limiter consulted before every issuance, in addition to the policy file's
     * {@code rate_limits} (default: none beyond those).
     */
    public Builder rateLimiter(ExecutionLimiter limiter) {
      this.limiter = Objects.requireNonNull(limiter, "limiter");
      return this;
    }

    /** The clock for tokens, sessions and audit timestamps. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The tenant calls run for (default {@code "default"}). */
    public Builder tenant(String tenant) {
      this.tenant = Objects.requireNonNull(tenant, "tenant");
      return this;
    }

    /**
     * Builds the orchestrator.
     *
     * @throws ApeConfigurationException if no policy was given or a tool cannot be registered
     */
    public ApeOrchestrator build() {
      if (engine == null) {
        throw new ApeConfigurationException("an orchestrator needs a policy: call policyFile or policyEngine");
      }
      ApeOrchestrator o;
      try {
        o = new ApeOrchestrator(this);
      } catch (RuntimeException e) {
        if (ownsEngine) {
          engine.close();
        }
        throw e;
      }
      try {
        for (Map.Entry<String, Tool> t : tools) {
          o.registerTool(t.getKey(), t.getValue());
        }
      } catch (RuntimeException e) {
        o.close();
        throw e;
      }
      return o;
    }
  }
}
