package io.ape.engine;

import io.ape.api.ActionIds;
import io.ape.api.ApeConfigurationException;
import io.ape.api.ApeException;
import io.ape.api.GuardedCallResult;
import io.ape.api.IntentCompilerOptions;
import io.ape.api.Policy;
import io.ape.api.ProposedCall;
import io.ape.api.ProviderException;
import io.ape.api.SessionException;
import io.ape.api.Tool;
import io.ape.core.actions.ActionRepository;
import io.ape.core.audit.AuditLog;
import io.ape.core.audit.InMemoryAuditSink;
import io.ape.core.enforcement.EnforcementMode;
import io.ape.core.enforcement.ToolHandle;
import io.ape.core.orchestrator.ApeOrchestrator;
import io.ape.core.internal.pipeline.EngineParts;
import io.ape.core.internal.pipeline.Settings;
import io.ape.core.policy.PolicyEngine;
import io.ape.core.provider.ProviderLoader;
import io.ape.core.session.Session;
import io.ape.core.session.SessionEndReason;
import io.ape.core.session.SessionListener;
import io.ape.core.session.SessionManager;
import io.ape.spi.AuditSink;
import io.ape.spi.AuthorityIssuer;
import io.ape.spi.EscalationResolver;
import io.ape.spi.IntentCompiler;
import io.ape.spi.PolicyEvaluator;
import io.ape.spi.state.SharedState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The engine: the one immutable, thread-safe object an application builds, once, and from which
 * every path to a tool is built (DESIGN §12).
 *
 * <p>It owns the policy engine, the action repository, the audit log and its sinks, the authority
 * issuer, the escalation resolver, the tool registry and adapters, the shared state (limits,
 * sessions, approvals), the clock and the tenant, and it selects every plugin at
 * {@link Builder#build()}: an instance given to the builder wins; else the provider named in the
 * {@code ape.*} configuration; else the single provider found; else the highest priority. A tie,
 * a duplicate id, an unknown {@code ape.*} key or a configured id that no provider answers is an
 * {@link ApeConfigurationException} naming what to fix or the artifact to add — never a silent
 * fallback.
 *
 * <p>Two paths lead to a tool, and both go through the same pipeline and the same enforcement
 * gate: the seed's {@link #orchestrator()} (prompt → intent → plan → steps), and the
 * <b>guarded call</b> ({@link #call}, {@link AgentSession#call}) for integrators that see tool
 * calls one at a time.
 *
 * <p>Thread-safe. {@link #close()} ends every session and releases what the engine created.
 *
 * @since 0.2.0
 */
public final class ApeEngine implements AutoCloseable {
  private final EngineParts parts;
  private final ApeOrchestrator orchestrator;
  private final GuardedCalls calls;
  private final ToolRegistrations tools;
  private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private ApeEngine(EngineParts parts) {
    this.parts = parts;
    this.orchestrator = ApeOrchestrator.of(parts);
    this.calls = new GuardedCalls(this, parts);
    this.tools = new ToolRegistrations(parts);
  }

  /** Starts building an engine. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The {@code ape.*} keys the engine and the in-tree providers read outside a provider's own
   * namespace ({@code ape.policy.file}, {@code ape.audit.sinks}, {@code ape.redis.uri}, ...):
   * for integrations that collect settings from a loose source, such as environment variables,
   * and must not turn an unrelated variable into an unknown-key error. Unmodifiable.
   *
   * @since 0.2.0
   */
  public static java.util.Set<String> knownSettings() {
    return Settings.KNOWN_KEYS;
  }

  /**
   * An engine for a policy file with every default (standard actions, in-memory audit, the
   * deny-all resolver, memory state, system clock), plus whatever {@code ape.*} configuration
   * the class path's providers need.
   *
   * @throws io.ape.api.PolicyException if the policy cannot be loaded
   * @throws ApeConfigurationException if a provider cannot be selected
   */
  public static ApeEngine fromPolicy(Path policyFile) {
    return builder().policyFile(policyFile).build();
  }

  // ------------------------------------------------------------------------------- the parts

  /** The policy engine. */
  public PolicyEngine policyEngine() {
    return parts.policyEngine();
  }

  /** The action repository. */
  public ActionRepository actions() {
    return parts.repository();
  }

  /** The audit log every path records to. */
  public AuditLog audit() {
    return parts.audit();
  }

  /** The in-memory audit sink that always receives every event (bounded). */
  public InMemoryAuditSink auditEvents() {
    return parts.memorySink();
  }

  /**
   * The seed's one-call path (prompt → intent → plan → steps), sharing this engine's tools,
   * sessions, audit log and issuer. Closing it does nothing; close the engine.
   */
  public ApeOrchestrator orchestrator() {
    return orchestrator;
  }

  /** The clock. */
  public Clock clock() {
    return parts.clock();
  }

  /** The default tenant. */
  public String tenant() {
    return parts.tenant();
  }

  /** The session manager every session lives in. */
  public SessionManager sessions() {
    return parts.sessions();
  }

  /** The shared state (limits, sessions, approvals). */
  public SharedState sharedState() {
    return parts.state();
  }

  /** The authority issuer. */
  public AuthorityIssuer authorityIssuer() {
    return parts.issuer();
  }

  /** The enforcement mode of the gate. */
  public EnforcementMode enforcementMode() {
    return parts.enforcementMode();
  }

  /** The validated {@code ape.*} configuration in force (unmodifiable). */
  public Map<String, String> configuration() {
    return parts.settings();
  }

  // ----------------------------------------------------------------------------------- tools

  /**
   * Registers a tool. The tool is kept by the enforcement gate's registry, the only path to it;
   * the returned handle cannot run it. If the action is new to the repository, it is added (with
   * the registration's risk, else HIGH, and schema); if the policy names that action, the policy
   * is recompiled so that its risk applies (audited {@code POLICY_RELOADED} with
   * {@code cause=action_registered}; like every reload, it revokes outstanding tokens).
   *
   * @throws ApeConfigurationException if the tool id is taken, the registration contradicts the
   *     repository's definition of the action, the repository is frozen and lacks the action,
   *     it claims a trusted source the policy does not list, or the engine is closed
   */
  public ToolHandle registerTool(ToolRegistration registration) {
    Objects.requireNonNull(registration, "registration");
    ensureOpen();
    return tools.register(registration);
  }

  /** Registers {@code tool} under {@code toolId}, performing the action of the same id. */
  public ToolHandle registerTool(String toolId, Tool tool) {
    return registerTool(ToolRegistration.of(toolId, tool));
  }

  /**
   * Turns a framework's tool object into a {@link Tool} with the first tool adapter (by
   * priority, then id) that supports it — the {@code ToolAdapterProvider}s on the class path,
   * e.g. the built-in {@code function} adapter for {@code Function<Map, ?>} and
   * {@code Callable}.
   *
   * @throws ApeConfigurationException if no adapter supports it
   * @throws ProviderException if the adapter fails
   */
  public Tool adaptTool(Object frameworkTool) {
    return tools.adapt(frameworkTool);
  }

  /** The registered tool ids (a snapshot). */
  public Set<String> toolIds() {
    return parts.tools().toolIds();
  }

  ToolRegistrations.Registered registration(String toolId) {
    return tools.registration(toolId);
  }

  /** Whether results of {@code toolId} are trusted inputs: registered so, and listed now. */
  boolean isTrustedSource(String toolId) {
    return tools.isTrustedSource(toolId);
  }

  /** The default intent of a session (see {@link ToolRegistrations#defaultIntent()}). */
  Set<String> defaultIntent() {
    return tools.defaultIntent();
  }

  // -------------------------------------------------------------------------------- sessions

  /**
   * Opens a session in the engine's session manager (TTL, caps, audited
   * {@code SESSION_STARTED}) and in the shared state.
   *
   * @throws SessionException if the session cannot be opened (bad user or tenant name, bad TTL,
   *     too many sessions, shared state unavailable)
   * @throws io.ape.api.IntentException if the declared intent has a malformed action id
   */
  public AgentSession openSession(SessionOptions options) {
    Objects.requireNonNull(options, "options");
    ensureOpen();
    String tenantId = options.tenantId() != null ? options.tenantId() : tenant();
    Duration ttl = options.ttl() != null ? options.ttl() : SessionManager.DEFAULT_TTL;
    Session session;
    try {
      session = parts.sessions().create(options.userId(), tenantId, ttl);
    } catch (IllegalArgumentException e) {
      throw new SessionException("cannot open the session: " + e.getMessage(), e);
    }
    try {
      EngineSession es = new EngineSession(this, parts, session, options);
      sessions.put(session.id(), es);
      if (!options.intent().isEmpty()) {
        es.declareIntent(options.intent(), io.ape.api.Provenance.SYSTEM_TRUSTED);
      }
      if (!session.isActive()) {
        sessions.remove(session.id());
      }
      return es;
    } catch (RuntimeException e) {
      session.revoke("the session could not be opened: " + e.getMessage());
      sessions.remove(session.id());
      throw e instanceof ApeException ae ? ae
          : new SessionException("cannot open the session: " + e, e);
    }
  }

  /**
   * The active session with this id in this tenant, if any: one opened here, or one opened on
   * another instance of the same shared state ({@code ape.state=redis}), which this instance then
   * takes over (same user, tenant, expiry and budgets; the default intent and the engine's
   * resolver; a provenance tracker of its own, empty: what the conversation recorded on the other
   * instance is not shared). Empty for an unknown, ended, expired or revoked session, and for
   * another tenant's.
   *
   * @throws io.ape.api.StateUnavailableException if the shared state cannot answer
   */
  public Optional<AgentSession> findSession(String tenantId, String sessionId) {
    EngineSession es = session(tenantId, sessionId);
    return es == null || !es.isActive() ? Optional.empty() : Optional.of(es);
  }

  /** The engine session of {@code sessionId}: this instance's, else taken over from the store. */
  EngineSession session(String tenantId, String sessionId) {
    if (sessionId == null || tenantId == null) {
      return null;
    }
    EngineSession es = sessions.get(sessionId);
    if (es != null) {
      return es.tenantId().equals(tenantId) ? es : null;
    }
    if (closed.get()) {
      return null;
    }
    Session adopted = parts.sessions().find(sessionId, tenantId).orElse(null);
    if (adopted == null) {
      return null;
    }
    EngineSession created = new EngineSession(this, parts, adopted,
        SessionOptions.forUser(adopted.userId()).withTenant(adopted.tenantId()));
    EngineSession raced = sessions.putIfAbsent(sessionId, created);
    return raced != null ? raced : created;
  }

  /** Called by the session manager when a session ends, however it ended. */
  private void sessionEnded(Session session, SessionEndReason reason) {
    EngineSession es = sessions.remove(session.id());
    if (es != null) {
      es.ended();
    }
  }

  // ------------------------------------------------------------------------- the guarded call

  /**
   * The guarded call: a proposed call runs as a one-step plan under its session's intent, through
   * the same pipeline and gate as every plan — intent check, argument schema and bounds, labels
   * (the call's own for the parameters it names, else the session's provenance tracker), one
   * policy evaluation with per-parameter labels, escalation (the session's resolver, else the
   * engine's; approvals single use), limits reserved in the shared state only after an ALLOW,
   * the token, the gate (verify, consume, run the tool with the token's bound parameters), and
   * the result recorded in the session's tracker (untrusted unless the tool is a trusted source).
   * Every step is audited with the call's correlation id, and the DECISION record carries the
   * label of every parameter.
   *
   * <p>Never throws for a refusal, nor for a failure of APE itself: the result says how the call
   * ended ({@link io.ape.api.CallStatus}), with the typed error. Fails closed: an unknown tool or
   * session, another tenant's session, a session that ended, a resolver that does not answer in
   * time, an audit sink or shared state that fails, {@code null} or oversized arguments — the tool
   * does not run.
   */
  public GuardedCallResult call(ProposedCall call) {
    return calls.call(call);
  }

  GuardedCallResult call(EngineSession session, String toolId, Map<String, ?> arguments) {
    return calls.call(session, toolId, arguments);
  }

  /**
   * Reloads the policy file, validated completely before it replaces the policy in force
   * (audited {@code POLICY_RELOADED}, or {@code POLICY_RELOAD_FAILED} with the old policy kept).
   * Every reload — this one, or the policy engine's own — advances the engine's monotonic
   * policy generation, so every outstanding token and pending approval is refused afterwards,
   * and revokes every outstanding token (audited {@code TOKEN_REVOKED}).
   *
   * @throws io.ape.api.PolicyException if the new policy is unusable (the old one stays)
   * @throws ApeConfigurationException if the engine was built from a policy object, not a file
   */
  public void reloadPolicy() {
    ensureOpen();
    try {
      policyEngine().reload();
    } catch (IllegalStateException e) {
      throw new ApeConfigurationException("the policy cannot be reloaded: " + e.getMessage(), e);
    }
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Ends every session (each audited {@code SESSION_ENDED}), then closes what the engine
   * created: escalation threads, audit sinks, shared state, the policy engine. Idempotent.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      parts.close();
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new ApeConfigurationException("the engine is closed");
    }
  }

  @Override
  public String toString() {
    return "ApeEngine[policy=" + ActionIds.printable(policyEngine().policy().name())
        + ", tenant=" + tenant() + ", tools=" + toolIds().size() + ", state="
        + parts.state().describe() + (isClosed() ? ", closed" : "") + "]";
  }

  // --------------------------------------------------------------------------------- builder

  /**
   * Builder of {@link ApeEngine}, in Caffeine's style: every option can be set once (a second
   * call throws {@link IllegalStateException}), conflicting options are refused at the call
   * that causes the conflict, and nothing is read, loaded or discovered before {@link #build()}.
   *
   * <p>Configuration ({@code ape.*} keys, see {@link Settings}) comes from up to three sources;
   * for a key given in several, {@link #configuration(Map)} wins over {@link #systemProperties()},
   * which wins over {@link #configurationFile(Path)}. An instance given to the builder wins over
   * the configuration key that would select the same part ({@link #policyFile} over
   * {@code ape.policy.file}, {@link #auditSink} over {@code ape.audit.sinks}, …). Not
   * thread-safe.
   *
   * @since 0.2.0
   */
  public static final class Builder {
    private final Map<String, Object> set = new LinkedHashMap<>();
    private Path policyFile;
    private Policy policy;
    private Map<String, String> configuration;
    private Path configurationFile;
    private boolean systemProperties;
    private Clock clock;
    private String tenant;
    private ActionRepository actions;
    private AuditSink auditSink;
    private AuthorityIssuer issuer;
    private EscalationResolver resolver;
    private Duration escalationTimeout;
    private IntentCompiler compiler;
    private IntentCompilerOptions compilerOptions;
    private PolicyEvaluator evaluator;
    private SharedState sharedState;
    private EnforcementMode enforcementMode;
    private boolean allowDisabledMode;
    private ProviderLoader providerLoader;
    private Consumer<SessionManager.Builder> sessionConfig;

    private Builder() {}

    private void once(String option, Object value, String... conflicts) {
      Objects.requireNonNull(value, option);
      Object previous = set.get(option);
      if (previous != null) {
        throw new IllegalStateException(option + " was already set to " + previous);
      }
      for (String other : conflicts) {
        if (set.containsKey(other)) {
          throw new IllegalStateException(option + " conflicts with " + other
              + ", which was already set to " + set.get(other) + "; give one of them");
        }
      }
      set.put(option, value);
    }

    /** The policy file, loaded at {@link #build()} (wins over {@code ape.policy.file}). */
    public Builder policyFile(Path file) {
      once("policyFile", file, "policy");
      this.policyFile = file;
      return this;
    }

    /** A policy built in code or parsed elsewhere. */
    public Builder policy(Policy policy) {
      once("policy", policy, "policyFile");
      this.policy = policy;
      return this;
    }

    /** {@code ape.*} settings (copied now, checked at {@link #build()}). */
    public Builder configuration(Map<String, String> ape) {
      once("configuration", ape);
      this.configuration = new LinkedHashMap<>(ape);
      return this;
    }

    /**
     * A {@code .properties} or {@code .yaml}/{@code .yml} file of {@code ape.*} settings, read at
     * {@link #build()} (YAML needs SnakeYAML, which ape-policy-yaml brings).
     */
    public Builder configurationFile(Path file) {
      once("configurationFile", file);
      this.configurationFile = file;
      return this;
    }

    /** Also reads the {@code ape.*} system properties (at {@link #build()}). */
    public Builder systemProperties() {
      once("systemProperties", Boolean.TRUE);
      this.systemProperties = true;
      return this;
    }

    /** The clock of tokens, sessions, limits and audit timestamps (default: system UTC). */
    public Builder clock(Clock clock) {
      once("clock", clock);
      this.clock = clock;
      return this;
    }

    /** The default tenant (wins over {@code ape.tenant}; default {@code "default"}). */
    public Builder tenant(String tenant) {
      once("tenant", tenant);
      this.tenant = tenant;
      return this;
    }

    /** The action repository (default: the standard actions, not frozen). */
    public Builder actions(ActionRepository repository) {
      once("actions", repository);
      this.actions = repository;
      return this;
    }

    /** The audit sink (wins over {@code ape.audit.sinks}); the in-memory sink is always kept. */
    public Builder auditSink(AuditSink sink) {
      once("auditSink", sink);
      this.auditSink = sink;
      return this;
    }

    /** The authority issuer (wins over {@code ape.authority.issuer}). */
    public Builder authorityIssuer(AuthorityIssuer issuer) {
      once("authorityIssuer", issuer);
      this.issuer = issuer;
      return this;
    }

    /** The escalation resolver (wins over {@code ape.escalation.resolver}). */
    public Builder escalationResolver(EscalationResolver resolver) {
      once("escalationResolver", resolver);
      this.resolver = resolver;
      return this;
    }

    /** How long a resolver may take (wins over {@code ape.escalation.timeout}; default 30 s). */
    public Builder escalationTimeout(Duration timeout) {
      once("escalationTimeout", timeout);
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("escalationTimeout must be positive: " + timeout);
      }
      this.escalationTimeout = timeout;
      return this;
    }

    /** The intent compiler (wins over {@code ape.compiler}). */
    public Builder intentCompiler(IntentCompiler compiler) {
      once("intentCompiler", compiler);
      this.compiler = compiler;
      return this;
    }

    /** Options for the intent compiler. */
    public Builder intentCompilerOptions(IntentCompilerOptions options) {
      once("intentCompilerOptions", options);
      this.compilerOptions = options;
      return this;
    }

    /**
     * An external evaluator consulted after the policy (it can only narrow), in addition to those
     * {@code ape.evaluator} enables.
     */
    public Builder policyEvaluator(PolicyEvaluator evaluator) {
      once("policyEvaluator", evaluator);
      this.evaluator = evaluator;
      return this;
    }

    /** The shared state (wins over {@code ape.state}; default {@code memory}); not closed by the engine. */
    public Builder sharedState(SharedState state) {
      once("sharedState", state);
      this.sharedState = state;
      return this;
    }

    /** The enforcement mode (wins over {@code ape.enforcement.mode}; default ENFORCE). */
    public Builder enforcementMode(EnforcementMode mode) {
      once("enforcementMode", mode);
      this.enforcementMode = mode;
      return this;
    }

    /** The explicit consent that {@link EnforcementMode#DISABLED} requires. */
    public Builder allowDisabledEnforcement() {
      once("allowDisabledEnforcement", Boolean.TRUE);
      this.allowDisabledMode = true;
      return this;
    }

    /** Where providers are discovered (default: {@link java.util.ServiceLoader}). */
    public Builder providerLoader(ProviderLoader loader) {
      once("providerLoader", loader);
      this.providerLoader = loader;
      return this;
    }

    /**
     * Configures the session manager (its bounds; listeners and limiters only add), e.g.
     * {@code sessions(s -> s.maxSessions(1000).maxTtl(Duration.ofHours(8)))}.
     */
    public Builder sessions(Consumer<SessionManager.Builder> configuration) {
      once("sessions", configuration);
      this.sessionConfig = configuration;
      return this;
    }

    /**
     * Reads the configuration, selects every provider, loads the policy and builds the engine.
     *
     * @throws ApeConfigurationException for a bad or unknown setting, a missing policy, or a
     *     provider that cannot be selected (the message names the artifact to add)
     * @throws io.ape.api.PolicyException if the policy cannot be loaded
     * @throws ProviderException if a provider fails
     */
    public ApeEngine build() {
      Map<String, String> merged = new LinkedHashMap<>();
      if (configurationFile != null) {
        merged.putAll(Settings.readFile(configurationFile));
      }
      if (systemProperties) {
        merged.putAll(Settings.fromSystemProperties());
      }
      if (configuration != null) {
        merged.putAll(Settings.fromMap(configuration, "configuration"));
      }
      EngineParts.Builder b = EngineParts.builder().settings(merged);
      ApeEngine[] engine = new ApeEngine[1];
      SessionListener ended = new SessionListener() {
        @Override
        public void sessionStarted(Session session) {
          // recorded by openSession
        }

        @Override
        public void sessionEnded(Session session, SessionEndReason reason) {
          if (engine[0] != null) {
            engine[0].sessionEnded(session, reason);
          }
        }
      };
      Consumer<SessionManager.Builder> userSessions = sessionConfig;
      b.sessions(sb -> {
        sb.listener(ended);
        if (userSessions != null) {
          userSessions.accept(sb);
        }
      });
      if (policyFile != null) {
        b.policyFile(policyFile);
      }
      if (policy != null) {
        b.policy(policy);
      }
      if (clock != null) {
        b.clock(clock);
      }
      if (tenant != null) {
        b.tenant(tenant);
      }
      if (actions != null) {
        b.repository(actions);
      }
      if (auditSink != null) {
        b.auditSink(auditSink);
      }
      if (issuer != null) {
        b.issuer(issuer);
      }
      if (resolver != null) {
        b.resolver(resolver);
      }
      if (escalationTimeout != null) {
        b.escalationTimeout(escalationTimeout);
      }
      if (compiler != null) {
        b.compiler(compiler);
      }
      if (compilerOptions != null) {
        b.compilerOptions(compilerOptions);
      }
      if (evaluator != null) {
        b.evaluator("builder", evaluator);
      }
      if (sharedState != null) {
        b.state(sharedState);
      }
      if (enforcementMode != null) {
        b.enforcementMode(enforcementMode);
      }
      b.allowDisabledMode(allowDisabledMode);
      if (providerLoader != null) {
        b.providerLoader(providerLoader);
      }
      engine[0] = new ApeEngine(b.build());
      return engine[0];
    }
  }
}
