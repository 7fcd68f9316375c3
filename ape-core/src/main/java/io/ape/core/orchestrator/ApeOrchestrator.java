package io.ape.core.orchestrator;

import io.ape.api.ApeConfigurationException;
import io.ape.api.ApeException;
import io.ape.api.CompiledIntent;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.EscalationRequiredException;
import io.ape.api.IntentCompilerOptions;
import io.ape.api.IntentNarrowingException;
import io.ape.api.Plan;
import io.ape.api.PlanValidationException;
import io.ape.api.PolicyConditionException;
import io.ape.api.PolicyDenyException;
import io.ape.api.RateLimitExceededException;
import io.ape.api.RequestContext;
import io.ape.api.RiskLevel;
import io.ape.api.Tool;
import io.ape.spi.AuditSink;
import io.ape.spi.EscalationResolver;
import io.ape.spi.IntentCompiler;
import io.ape.spi.IntentCompilerProvider;
import io.ape.core.provider.ProviderLoader;
import io.ape.core.provider.ProviderSelector;
import io.ape.core.actions.ActionRepository;
import io.ape.core.audit.AuditLog;
import io.ape.core.audit.InMemoryAuditSink;
import io.ape.core.internal.audit.AuditEvents;
import io.ape.core.internal.audit.Where;
import io.ape.core.compiler.PolicyViews;
import io.ape.core.enforcement.ToolHandle;
import io.ape.core.enforcement.ToolRegistry;
import io.ape.core.planning.PlanGenerator;
import io.ape.core.internal.pipeline.EngineParts;
import io.ape.core.internal.pipeline.OneRun;
import io.ape.core.internal.pipeline.Settings;
import io.ape.core.policy.PolicyEngine;
import io.ape.core.ratelimit.RateLimiter;
import io.ape.core.session.SessionManager;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
 *   <li>per step, through the one pipeline shared with the engine's guarded call
 *       ({@link OneRun}): in a session, the session must be active; the
 *       {@link io.ape.core.authority.AuthorityManager} evaluates again and, on ALLOW (escalating
 *       through the resolver when the policy says ESCALATE), reserves the step inside issuance:
 *       the {@link ExecutionLimiter} and the {@link RateLimiter}s a slot (and the step's risk)
 *       and, in a session, a slot of the session's action cap — a denied step uses no slot —
 *       then issues a single-use token; in a session, the session must still be active; the
 *       {@link io.ape.core.enforcement.EnforcementGate} consumes the token and runs the
 *       tool;</li>
 *   <li>the run terminates (outstanding tokens are revoked).</li>
 * </ol>
 * Tools are held by the gate's registry as opaque handles: this class never calls a tool
 * itself. Tool results are EXTERNAL_UNTRUSTED data; they are returned, never fed back into
 * intents or plans.
 *
 * <p>Every audit event of a call carries the detail {@code correlation_id}, returned as
 * {@link OrchestrationResult#auditCorrelationId()}.
 *
 * <p>Built from an engine's parts ({@link EngineParts}): {@link #fromPolicy} and
 * {@link #builder()} build parts of their own (and close them with the orchestrator);
 * {@code ApeEngine.orchestrator()} shares the engine's.
 *
 * <p>Thread-safe: one orchestrator serves many concurrent calls.
 */
public final class ApeOrchestrator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApeOrchestrator.class);
  /** The audit detail key carrying a call's correlation id. */
  public static final String CORRELATION_ID = "correlation_id";

  private final EngineParts parts;
  private final boolean ownsParts;
  private final PolicyEngine engine;
  private final ActionRepository repository;
  private final IntentCompiler compiler;
  private final IntentCompilerOptions compilerOptions;
  private final PlanGenerator generator;
  private final ToolRegistry tools;
  private final boolean hasResolver;
  private final AuditLog audit;
  private final InMemoryAuditSink memory;
  private final Clock clock;
  private final String tenant;
  private final ExecutionLimiter limiter;
  private final List<RateLimiter> rateLimiters;
  private final SessionManager sessions;
  private final PlanRun planRun;
  private volatile CachedView view;

  private ApeOrchestrator(EngineParts parts, boolean ownsParts, ExecutionLimiter limiter) {
    this.parts = parts;
    this.ownsParts = ownsParts;
    this.engine = parts.policyEngine();
    this.repository = parts.repository();
    this.compiler = parts.compiler();
    this.compilerOptions = parts.compilerOptions();
    this.generator = new PlanGenerator(repository);
    this.tools = parts.tools();
    this.hasResolver = parts.hasResolver();
    this.audit = parts.audit();
    this.memory = parts.memorySink();
    this.clock = parts.clock();
    this.tenant = parts.tenant();
    this.limiter = limiter;
    this.rateLimiters = parts.rateLimiters();
    this.sessions = parts.sessions();
    this.planRun = new PlanRun(parts, new Preflight(parts, hasResolver), limiter);
  }

  /**
   * The orchestrator of an engine's parts, sharing them (its tools, sessions, audit log and
   * issuer are the engine's). Use {@code io.ape.engine.ApeEngine#orchestrator()}; closing the
   * returned orchestrator does nothing (closing the engine releases the parts).
   *
   * @since 0.2.0
   */
  public static ApeOrchestrator of(EngineParts parts) {
    return new ApeOrchestrator(Objects.requireNonNull(parts, "parts"), false,
        ExecutionLimiter.UNLIMITED);
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
   * schema makes it invalid. A rejected plan is audited ({@code PLAN_REJECTED}, decision DENY,
   * detail {@code plan_source=model}, with the reason).
   *
   * @throws io.ape.api.PlanParseException if no plan can be read
   * @throws PlanValidationException listing every problem
   */
  public Plan createPlanFromLlm(String llmOutput, CompiledIntent intent) {
    Objects.requireNonNull(intent, "intent");
    Plan validated;
    try {
      validated = generator.fromModelOutput(llmOutput, intent, engine,
          RequestContext.untrusted().withTenant(tenant));
    } catch (ApeException e) {
      String cid = newCorrelationId();
      audit.withDetail(CORRELATION_ID, cid, () -> AuditEvents.planRejected(audit,
          Where.run(tenant, ""), "", "", "a plan proposed by the model was rejected: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
          "model"));
      throw e;
    }
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

  /**
   * The smallest risk budget of the policy ({@code max_cumulative_risk}) and of the rate
   * limiters given to the builder ({@code POSITIVE_INFINITY} if none).
   */
  double riskBudget() {
    double min = parts.ledgerLimits().settings().maxCumulativeRisk();
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
    return planRun.run(prompt, intent, plan, call);
  }

  private PolicyDenyException denialOf(IntentNarrowingException e) {
    String action = e.forbiddenActions().isEmpty() ? "unknown" : e.forbiddenActions().get(0);
    PolicyDenyException deny = new PolicyDenyException(Decision.deny(action, e.getMessage(),
        DecisionSource.FORBIDDEN_LIST, engine.policyVersion()));
    deny.initCause(e);
    return deny;
  }

  private OrchestrationResult failure(String prompt, CompiledIntent intent, Plan plan,
      List<StepReport> reports, ApeException e, CallContext call) {
    return planRun.failure(prompt, intent, plan, reports, e, call);
  }

  RiskLevel riskOf(String actionId) {
    return parts.riskOf(actionId);
  }

  static String newCorrelationId() {
    return UUID.randomUUID().toString();
  }

  /**
   * For an orchestrator built by {@link #fromPolicy} or {@link #builder()}: ends every open
   * session (each gets its SESSION_ENDED record), then closes the escalation handler, the audit
   * log, the shared state and, if it was loaded here, the policy engine. For the orchestrator of
   * an engine ({@link #of}): does nothing (close the engine).
   */
  @Override
  public void close() {
    if (ownsParts) {
      parts.close();
    }
  }

  /**
   * Builder for {@link ApeOrchestrator}; not thread-safe. It records options only: nothing is
   * read or loaded before {@link #build()}, which builds the engine's parts underneath (the one
   * composition root, {@link EngineParts}) and an orchestrator that owns and closes them. The
   * policy is given once: {@link #policyFile} or {@link #policyEngine}, not both, not twice.
   */
  public static final class Builder {
    private final EngineParts.Builder parts = EngineParts.builder();
    private String policySource;
    private final java.util.Map<String, String> properties = new java.util.LinkedHashMap<>();
    private final List<Map.Entry<String, Tool>> tools = new ArrayList<>();
    private ExecutionLimiter limiter = ExecutionLimiter.UNLIMITED;

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
      parts.sessions(configuration);
      return this;
    }

    /**
     * The intent compiler provider to use (default: chosen by the {@link ProviderSelector}
     * among the discovered ones, {@code ape.compiler} naming one; the built-in is
     * {@code patterns}). Ignored if {@link #intentCompiler} is given.
     */
    public Builder intentCompilerProvider(IntentCompilerProvider provider) {
      parts.compilerProvider(provider);
      return this;
    }

    /** Where providers are discovered (default: {@link java.util.ServiceLoader}). */
    public Builder providerLoader(ProviderLoader loader) {
      parts.providerLoader(loader);
      return this;
    }

    /**
     * A configuration property ({@code ape.*}) for provider selection and creation, e.g.
     * {@code ape.compiler} or {@code ape.audit.sinks}; checked at {@link #build()} (an unknown
     * key is an {@link ApeConfigurationException}).
     *
     * @throws IllegalStateException if the key was already set
     */
    public Builder property(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      String previous = properties.putIfAbsent(key, value);
      if (previous != null) {
        throw new IllegalStateException("property " + key + " was already set to " + previous);
      }
      return this;
    }

    /**
     * Loads the policy from a file at {@link #build()} (the policy engine is closed with the
     * orchestrator).
     *
     * @throws IllegalStateException if a policy was already given
     */
    public Builder policyFile(Path file) {
      Objects.requireNonNull(file, "file");
      once("policyFile(" + file + ")");
      parts.policyFile(file);
      return this;
    }

    /**
     * Uses an engine (not closed with the orchestrator).
     *
     * @throws IllegalStateException if a policy was already given
     */
    public Builder policyEngine(PolicyEngine engine) {
      Objects.requireNonNull(engine, "engine");
      once("policyEngine(" + engine + ")");
      parts.policyEngine(engine);
      return this;
    }

    private void once(String what) {
      if (policySource != null) {
        throw new IllegalStateException("the policy was already given by " + policySource
            + "; " + what + " would replace it. Give the policy once");
      }
      policySource = what;
    }

    /** The action repository (default: the standard actions). */
    public Builder actionRepository(ActionRepository repository) {
      parts.repository(repository);
      return this;
    }

    /** The intent compiler (default: the deterministic {@code patterns} compiler). */
    public Builder intentCompiler(IntentCompiler compiler) {
      parts.compiler(compiler);
      return this;
    }

    /** Options passed to the intent compiler. */
    public Builder intentCompilerOptions(IntentCompilerOptions options) {
      parts.compilerOptions(options);
      return this;
    }

    /** The escalation resolver (default: none, every escalation is denied). */
    public Builder escalationResolver(EscalationResolver resolver) {
      parts.resolver(resolver);
      return this;
    }

    /** How long the escalation resolver may take. */
    public Builder escalationTimeout(Duration timeout) {
      parts.escalationTimeout(timeout);
      return this;
    }

    /**
     * Adds an audit sink (the in-memory sink is always present). Sinks given here replace
     * {@code ape.audit.sinks}.
     */
    public Builder auditSink(AuditSink sink) {
      parts.auditSink(sink);
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
      parts.rateLimiter(limiter);
      return this;
    }

    /**
     * A custom limiter consulted inside every issuance, after the ALLOW, in addition to the
     * policy file's {@code rate_limits} (default: none beyond those).
     */
    public Builder rateLimiter(ExecutionLimiter limiter) {
      this.limiter = Objects.requireNonNull(limiter, "limiter");
      return this;
    }

    /**
     * The shared state (limits, sessions, approvals, revocation epochs) to use instead of the one
     * {@code ape.state} selects (default {@code memory}); not closed with the orchestrator.
     *
     * @since 0.2.0
     */
    public Builder sharedState(io.ape.spi.state.SharedState state) {
      parts.state(state);
      return this;
    }

    /** The clock for tokens, sessions and audit timestamps. */
    public Builder clock(Clock clock) {
      parts.clock(clock);
      return this;
    }

    /** The tenant calls run for (default {@code "default"}). */
    public Builder tenant(String tenant) {
      parts.tenant(tenant);
      return this;
    }

    /**
     * Builds the engine's parts and the orchestrator.
     *
     * @throws ApeConfigurationException if no policy was given, a property is unknown, a
     *     provider cannot be selected or a tool cannot be registered
     * @throws io.ape.api.PolicyException if the policy cannot be loaded
     */
    public ApeOrchestrator build() {
      if (policySource == null) {
        throw new ApeConfigurationException("an orchestrator needs a policy: call policyFile or policyEngine");
      }
      EngineParts built = parts.settings(Settings.fromMap(properties, "orchestrator properties"))
          .build();
      ApeOrchestrator o = new ApeOrchestrator(built, true, limiter);
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
