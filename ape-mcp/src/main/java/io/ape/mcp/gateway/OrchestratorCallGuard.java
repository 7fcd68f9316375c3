package io.ape.mcp.gateway;

import io.ape.api.ActionCategory;
import io.ape.api.ActionDefinition;
import io.ape.api.ActionRepositoryException;
import io.ape.api.ApeException;
import io.ape.api.AuditEventType;
import io.ape.api.CallStatus;
import io.ape.api.CompiledIntent;
import io.ape.api.Decision;
import io.ape.api.EscalationRequest;
import io.ape.api.EscalationRequiredException;
import io.ape.api.EscalationResolution;
import io.ape.api.GuardedCallResult;
import io.ape.api.IntentCompilationException;
import io.ape.api.Labeled;
import io.ape.api.Outcome;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.PlanValidationException;
import io.ape.api.PolicyConditionException;
import io.ape.api.PolicyDenyException;
import io.ape.api.ProposedCall;
import io.ape.api.Provenance;
import io.ape.api.ProvenanceException;
import io.ape.api.RateLimitExceededException;
import io.ape.api.SessionException;
import io.ape.api.SessionExpiredException;
import io.ape.api.SessionNotFoundException;
import io.ape.api.TenantMismatchException;
import io.ape.api.ToolExecutionException;
import io.ape.api.ToolNotRegisteredException;
import io.ape.api.UnauthorizedActionException;
import io.ape.core.actions.ActionRepository;
import io.ape.core.audit.AuditLog;
import io.ape.core.authority.Action;
import io.ape.core.authority.AuthorityManager;
import io.ape.core.canonical.ApeHashes;
import io.ape.core.canonical.Sha256;
import io.ape.core.enforcement.EnforcementGate;
import io.ape.core.enforcement.EnforcementMode;
import io.ape.core.enforcement.ToolRegistry;
import io.ape.core.escalation.DenyAllEscalationResolver;
import io.ape.core.escalation.EscalationDeniedException;
import io.ape.core.escalation.EscalationHandler;
import io.ape.core.intent.IntentManager;
import io.ape.core.orchestrator.ApeOrchestrator;
import io.ape.core.orchestrator.OrchestrationResult;
import io.ape.core.orchestrator.StepReport;
import io.ape.core.plan.PlanManager;
import io.ape.core.policy.PolicyEngine;
import io.ape.core.runtime.RuntimeOrchestrator;
import io.ape.spi.AuditSink;
import io.ape.spi.EscalationResolver;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link CallGuard} until the engine facade ({@code io.ape.engine.ApeEngine})
 * lands: each call runs as a one-step plan through {@link ApeOrchestrator#executePlan}, i.e. the
 * policy (pre-flight and again at issuance), escalation through the session's resolver, the
 * policy's rate limits, a single-use token bound to the exact arguments, and the enforcement
 * gate, with every step audited. <b>At merge, replace this class with a guard that delegates to
 * {@code engine.call(ProposedCall)}</b> (see {@code docs/gateway.md}); nothing else in the
 * gateway changes.
 *
 * <p>What this stop-gap does not have, and the engine will: per-value provenance. The
 * parameters of a call are all labelled {@code EXTERNAL_UNTRUSTED} (a model wrote them, and there
 * is no tracker of where each value came from), and the orchestrator would refuse such
 * parameters for every action rated HIGH or CRITICAL, so no destructive or unannotated tool could
 * ever run, whatever the policy says. The stop-gap therefore registers such actions as MODERATE:
 * the policy alone decides (its conditions, escalations and limits); the {@link GuardedTool}
 * keeps the real risk, which the engine receives at merge and combines with its per-value labels.
 * Also: the policy's rate limits are those of the policy the guard started with; sessions are the
 * gateway's own (the orchestrator's session limits do not apply).
 *
 * <p>{@code observe}: the orchestrator decides and audits as usual, without asking anyone about
 * escalations; a call it refuses (policy, escalation, rate limit) is then run through an
 * enforcement gate in {@link EnforcementMode#OBSERVE}, which records it as unchecked; every audit
 * record of the call carries {@code enforcement_mode=OBSERVE}. Audit failures and unknown tools
 * are never run.
 *
 * <p>Thread-safe.
 *
 * @since 0.2.0
 */
public final class OrchestratorCallGuard implements CallGuard {
  private static final Logger LOG = LoggerFactory.getLogger(OrchestratorCallGuard.class);
  /** The audit detail carrying a short reference to the gateway session (never the id itself). */
  public static final String SESSION_DETAIL = "gateway_session";
  private static final String MODE_DETAIL = "enforcement_mode";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PolicyEngine engine;
  private final boolean ownsEngine;
  private final ActionRepository actions = new ActionRepository();
  private final ApeOrchestrator orchestrator;
  private final ToolRegistry observeTools = new ToolRegistry();
  private final EnforcementGate observeGate;
  private final Map<String, String> actionOfTool = new ConcurrentHashMap<>();
  private final Map<String, SessionState> sessions = new ConcurrentHashMap<>();
  private final Map<String, EscalationResolver> escalations = new ConcurrentHashMap<>();
  private final EscalationResolver defaultResolver;
  private final Clock clock;
  private final String tenant;
  private final boolean observe;
  private final int maxSessions;

  private OrchestratorCallGuard(Builder b) {
    this.engine = b.engine != null ? b.engine : PolicyEngine.fromFile(b.policyFile);
    this.ownsEngine = b.engine == null;
    this.clock = b.clock;
    this.tenant = b.tenant;
    this.observe = b.observe;
    this.maxSessions = b.maxSessions;
    this.defaultResolver = b.resolver != null ? b.resolver : new DenyAllEscalationResolver();
    ApeOrchestrator.Builder ob = ApeOrchestrator.builder().policyEngine(engine)
        .actionRepository(actions).clock(clock).tenant(tenant);
    if (!observe) {
      // Routes each escalation to the resolver of the session whose call it is.
      ob.escalationResolver(this::resolve).escalationTimeout(b.escalationTimeout);
    }
    b.sinks.forEach(ob::auditSink);
    this.orchestrator = ob.build();
    if (observe) {
      RuntimeOrchestrator runtime = RuntimeOrchestrator.builder().tenant(tenant).session("observe")
          .clock(clock).audit(orchestrator.audit()).build();
      AuthorityManager authority = AuthorityManager.builder(runtime,
          new PlanManager(new IntentManager(runtime), engine), engine).build();
      this.observeGate = EnforcementGate.builder(authority, observeTools).mode(EnforcementMode.OBSERVE)
          .build();
    } else {
      this.observeGate = null;
    }
  }

  /** A builder; exactly one of {@code policyFile} and {@code policyEngine} is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public PolicyEngine policyEngine() {
    return engine;
  }

  @Override
  public AuditLog audit() {
    return orchestrator.audit();
  }

  @Override
  public boolean observeOnly() {
    return observe;
  }

  /** The tenant every call runs in. */
  public String tenant() {
    return tenant;
  }

  @Override
  public synchronized void register(GuardedTool tool) {
    Objects.requireNonNull(tool, "tool");
    if (actionOfTool.containsKey(tool.toolId())) {
      throw new io.ape.api.ApeConfigurationException("tool '" + tool.toolId() + "' is already registered");
    }
    Map<String, Object> schema = tool.parameterSchema() == null ? Map.of("type", "object")
        : tool.parameterSchema();
    ActionDefinition.Builder def = ActionDefinition.builder(tool.actionId())
        .description(tool.description().isEmpty() ? tool.toolId() : tool.description())
        .category(ActionCategory.CUSTOM).riskLevel(stopGapRisk(tool.riskLevel()))
        .compatibleTools(List.of(tool.toolId()));
    try {
      actions.register(def.parameterSchema(schema).build());
    } catch (ActionRepositoryException e) {
      // The schema uses keywords APE does not validate: the upstream server validates its own
      // arguments; the policy still sees every argument.
      LOG.debug("tool '{}': its input schema is not in APE's subset ({}); registered as an object",
          tool.toolId(), e.getMessage());
      actions.register(def.parameterSchema(Map.of("type", "object")).build());
    }
    orchestrator.registerTool(tool.toolId(), tool.tool());
    observeTools.register(tool.toolId(), tool.tool());
    actionOfTool.put(tool.toolId(), tool.actionId());
  }

  /** See the class comment: without per-value labels, the policy alone decides. */
  static io.ape.api.RiskLevel stopGapRisk(io.ape.api.RiskLevel risk) {
    return risk.compareTo(io.ape.api.RiskLevel.MODERATE) > 0 ? io.ape.api.RiskLevel.MODERATE : risk;
  }

  @Override
  public Session openSession(SessionRequest request) {
    Objects.requireNonNull(request, "request");
    if (!request.tenantId().equals(tenant)) {
      throw new TenantMismatchException(tenant, request.tenantId(), "this gateway serves tenant '"
          + tenant + "' only");
    }
    purgeExpired();
    if (sessions.size() >= maxSessions) {
      throw new SessionException("the gateway holds its maximum of " + maxSessions + " sessions");
    }
    byte[] raw = new byte[18];
    RANDOM.nextBytes(raw);
    String id = "gw-" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    SessionState s = new SessionState(id, reference(id), request, clock.instant().plus(request.ttl()));
    sessions.put(id, s);
    Map<String, String> attrs = new LinkedHashMap<>(request.attributes());
    record(audit().event(AuditEventType.SESSION_STARTED).tenant(tenant).session(s.ref)
        .reason("gateway session opened for " + request.userId()
            + (request.resolver() != null ? " (escalations asked through the client)" : ""))
        .detail(SESSION_DETAIL, s.ref), attrs);
    return s;
  }

  @Override
  public GuardedCallResult call(ProposedCall call) {
    Objects.requireNonNull(call, "call");
    SessionState s = sessions.get(call.sessionId());
    String correlation = UUID.randomUUID().toString();
    try {
      if (s == null || !s.active) {
        return refuse(call, correlation, null, new SessionNotFoundException("no open gateway session"));
      }
      if (!clock.instant().isBefore(s.expiresAt)) {
        s.end("expired");
        return refuse(call, correlation, s, new SessionExpiredException("the gateway session expired"));
      }
      if (!call.tenantId().equals(tenant)) {
        return refuse(call, correlation, s, new TenantMismatchException(tenant, call.tenantId(),
            "the call is for another tenant"));
      }
      String action = actionOfTool.get(call.toolId());
      if (action == null) {
        return refuse(call, correlation, s, new ToolNotRegisteredException("no tool is registered as '"
            + io.ape.api.ActionIds.printable(call.toolId()) + "'"));
      }
      if (!action.equals(call.actionId())) {
        return refuse(call, correlation, s, new UnauthorizedActionException("tool '" + call.toolId()
            + "' performs action '" + action + "', not '" + io.ape.api.ActionIds.printable(call.actionId()) + "'"));
      }
      return audit().withDetail(SESSION_DETAIL, s.ref, () -> observe
          ? audit().withDetail(MODE_DETAIL, EnforcementMode.OBSERVE.name(), () -> run(call, s))
          : run(call, s));
    } catch (ApeException e) {
      return result(call, CallStatus.FAILED, null, null, e, correlation);
    } catch (RuntimeException e) {
      LOG.warn("gateway call of '{}' failed inside the guard: {}", call.toolId(), e.toString());
      return result(call, CallStatus.FAILED, null, null,
          new McpGatewayException("internal error while checking the call: " + e.getClass().getSimpleName(), e),
          correlation);
    }
  }

  private GuardedCallResult run(ProposedCall call, SessionState s) {
    String action = call.actionId();
    CompiledIntent intent = new CompiledIntent(List.of(action), List.of(action), List.of(), List.of(),
        "gateway", "Allow: " + action, 1.0, List.of(), List.of(), List.of(), Map.of(), Map.of(),
        engine.policyVersion());
    // A nonce in the description makes the plan hash unique, so that an escalation of this call
    // is routed to this session's resolver and to no other.
    Plan plan = new Plan(tenant, List.of(new PlanStep(action, call.toolId(), call.parameters(), "")),
        "gateway call " + UUID.randomUUID(), Map.of("source", "ape-gateway"));
    String planHash = ApeHashes.planHash(plan);
    escalations.put(planHash, s.request.resolver() != null ? s.request.resolver() : defaultResolver);
    OrchestrationResult r;
    try {
      r = orchestrator.executePlan(intent, plan);
    } finally {
      escalations.remove(planHash);
    }
    StepReport step = r.steps().isEmpty() ? null : r.steps().get(0);
    Decision decision = step == null ? null : step.decision();
    if (r.success() && step != null && step.result() != null) {
      return result(call, CallStatus.EXECUTED, step.result(), decision, null, r.auditCorrelationId());
    }
    ApeException error = r.errorException().orElseGet(() -> new McpGatewayException(
        "the call did not run to completion"));
    CallStatus status = statusOf(error);
    if (observe && (status == CallStatus.DENIED || status == CallStatus.ESCALATION_DENIED
        || status == CallStatus.RATE_LIMITED || status == CallStatus.INVALID)
        && !(error instanceof ToolNotRegisteredException)) {
      Labeled<Object> value = audit().withDetail(ApeOrchestrator.CORRELATION_ID, r.auditCorrelationId(),
          () -> observeGate.execute(null, new Action(action, call.toolId(), call.parameters(),
              ApeHashes.intentVersion(intent.toIntent(tenant)), planHash, 0)));
      return result(call, CallStatus.EXECUTED, value, decision, null, r.auditCorrelationId());
    }
    return result(call, status, null, decision, error, r.auditCorrelationId());
  }

  /** The status a typed error stands for. */
  static CallStatus statusOf(ApeException e) {
    if (e instanceof EscalationDeniedException || e instanceof EscalationRequiredException) {
      return CallStatus.ESCALATION_DENIED;
    }
    if (e instanceof PolicyDenyException || e instanceof PolicyConditionException
        || e instanceof ProvenanceException || e instanceof UnauthorizedActionException
        || e instanceof IntentCompilationException) {
      return CallStatus.DENIED;
    }
    if (e instanceof RateLimitExceededException) {
      return CallStatus.RATE_LIMITED;
    }
    if (e instanceof PlanValidationException || e instanceof ToolNotRegisteredException
        || e instanceof ActionRepositoryException || e instanceof SessionException
        || e instanceof TenantMismatchException) {
      return CallStatus.INVALID;
    }
    if (e instanceof ToolExecutionException) {
      return CallStatus.TOOL_FAILED;
    }
    return CallStatus.FAILED;
  }

  private GuardedCallResult refuse(ProposedCall call, String correlation, SessionState s, ApeException e) {
    record(audit().event(AuditEventType.ATTEMPT_REJECTED).tenant(tenant)
        .session(s == null ? "" : s.ref).action(safeId(call.actionId())).tool(safeId(call.toolId()))
        .decision(Outcome.DENY).reason(e.getMessage()).detail("stage", "gateway")
        .detail("error", e.getClass().getSimpleName())
        .detail(ApeOrchestrator.CORRELATION_ID, correlation), Map.of());
    return result(call, statusOf(e), null, null, e, correlation);
  }

  private static String safeId(String id) {
    return io.ape.api.ActionIds.isValid(id) ? id : io.ape.api.ActionIds.printable(id);
  }

  private static GuardedCallResult result(ProposedCall call, CallStatus status, Labeled<Object> value,
      Decision decision, ApeException error, String correlation) {
    Map<String, Provenance> labels = new LinkedHashMap<>();
    call.parameters().keySet().forEach(k -> labels.put(k, call.provenance().getOrDefault(k,
        Provenance.EXTERNAL_UNTRUSTED)));
    return new GuardedCallResult(status, value, decision, error, labels, correlation);
  }

  /** Routes an escalation to the resolver of the call it belongs to; unknown calls are denied. */
  private EscalationResolution resolve(EscalationRequest request) throws Exception {
    EscalationResolver r = escalations.get(request.binding().planHash());
    if (r == null) {
      return EscalationResolution.deny(request, "gateway", "no call is waiting for this escalation");
    }
    return r.resolve(request);
  }

  @Override
  public void reloadPolicy() {
    engine.reload();
    audit().updateRedaction(engine.policy().audit());
  }

  private void purgeExpired() {
    Instant now = clock.instant();
    for (SessionState s : sessions.values()) {
      if (!now.isBefore(s.expiresAt)) {
        s.end("expired");
      }
    }
  }

  private void record(io.ape.api.AuditEvent.Builder event, Map<String, String> details) {
    details.forEach(event::detail);
    audit().record(event);
  }

  /** A short, stable, non-reversible reference to a session id, for audit records. */
  static String reference(String id) {
    return "gw:" + Sha256.hex(id).substring(0, 16);
  }

  @Override
  public void close() {
    new ArrayList<>(sessions.values()).forEach(s -> s.end("gateway closed"));
    orchestrator.close();
    if (ownsEngine) {
      engine.close();
    }
  }

  /** One gateway session. */
  private final class SessionState implements Session {
    final String id;
    final String ref;
    final SessionRequest request;
    final Instant expiresAt;
    volatile boolean active = true;

    SessionState(String id, String ref, SessionRequest request, Instant expiresAt) {
      this.id = id;
      this.ref = ref;
      this.request = request;
      this.expiresAt = expiresAt;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String tenantId() {
      return tenant;
    }

    @Override
    public boolean isActive() {
      return active && clock.instant().isBefore(expiresAt);
    }

    synchronized void end(String why) {
      if (!active) {
        return;
      }
      active = false;
      sessions.remove(id, this);
      try {
        audit().record(audit().event(AuditEventType.SESSION_ENDED).tenant(tenant).session(ref)
            .reason(why).detail(SESSION_DETAIL, ref));
      } catch (RuntimeException e) {
        LOG.warn("could not audit the end of gateway session {}: {}", ref, e.toString());
      }
    }

    @Override
    public void close() {
      end("ended");
    }

    @Override
    public String toString() {
      return "Session[" + ref + "]";
    }
  }

  /** Builder for {@link OrchestratorCallGuard}; not thread-safe. */
  public static final class Builder {
    private Path policyFile;
    private PolicyEngine engine;
    private final List<AuditSink> sinks = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private String tenant = io.ape.api.RequestContext.DEFAULT_TENANT;
    private boolean observe;
    private EscalationResolver resolver;
    private Duration escalationTimeout = EscalationHandler.DEFAULT_TIMEOUT;
    private int maxSessions = 10_000;

    private Builder() {}

    /** Loads the policy from a file (the guard owns the engine and reloads from the file). */
    public Builder policyFile(Path file) {
      if (engine != null) {
        throw new IllegalStateException("policyEngine is already set");
      }
      this.policyFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /** Uses an engine (not closed with the guard). */
    public Builder policyEngine(PolicyEngine engine) {
      if (policyFile != null) {
        throw new IllegalStateException("policyFile is already set");
      }
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /** Adds an audit sink (an in-memory sink of the last events is always there too). */
    public Builder auditSink(AuditSink sink) {
      sinks.add(Objects.requireNonNull(sink, "sink"));
      return this;
    }

    /** The clock (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The tenant (default: {@code default}). */
    public Builder tenant(String tenant) {
      this.tenant = Objects.requireNonNull(tenant, "tenant");
      return this;
    }

    /** Decide and audit, but do not block ({@code --mode observe}). */
    public Builder observe(boolean observe) {
      this.observe = observe;
      return this;
    }

    /** The resolver of sessions that have none of their own (default: deny every escalation). */
    public Builder escalationResolver(EscalationResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** How long an escalation may wait for its resolver (default 30 s); then it is denied. */
    public Builder escalationTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("the escalation timeout must be positive");
      }
      this.escalationTimeout = timeout;
      return this;
    }

    /** The most sessions open at once (default 10,000). */
    public Builder maxSessions(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxSessions must be at least 1");
      }
      this.maxSessions = max;
      return this;
    }

    /**
     * Builds the guard.
     *
     * @throws io.ape.api.PolicyException if the policy file cannot be loaded
     * @throws IllegalStateException if neither a policy file nor an engine was given
     */
    public OrchestratorCallGuard build() {
      if (policyFile == null && engine == null) {
        throw new IllegalStateException("a policy file or a policy engine is required");
      }
      return new OrchestratorCallGuard(this);
    }
  }
}
