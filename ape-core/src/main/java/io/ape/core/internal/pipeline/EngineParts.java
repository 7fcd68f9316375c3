package io.ape.core.internal.pipeline;

import io.ape.api.ActionDefinition;
import io.ape.api.ApeConfigurationException;
import io.ape.api.IntentCompilerOptions;
import io.ape.api.Policy;
import io.ape.api.ProviderException;
import io.ape.api.RequestContext;
import io.ape.api.RiskLevel;
import io.ape.core.actions.ActionRepository;
import io.ape.core.actions.StandardActions;
import io.ape.core.audit.AuditLog;
import io.ape.core.audit.KeyedRedaction;
import io.ape.core.audit.InMemoryAuditSink;
import io.ape.core.audit.InMemoryAuditSinkProvider;
import io.ape.core.authority.InMemoryAuthorityIssuerProvider;
import io.ape.core.compiler.PatternIntentCompilerProvider;
import io.ape.core.enforcement.EnforcementMode;
import io.ape.core.enforcement.FunctionToolAdapterProvider;
import io.ape.core.enforcement.ToolRegistry;
import io.ape.core.escalation.DenyAllEscalationResolver;
import io.ape.core.escalation.DenyAllEscalationResolverProvider;
import io.ape.core.escalation.EscalationHandler;
import io.ape.core.policy.PolicyEngine;
import io.ape.core.policy.PolicyUpdateListener;
import io.ape.core.internal.audit.AuditEvents;
import io.ape.core.internal.run.PolicyGeneration;
import io.ape.core.provenance.ParameterTrustPolicy;
import io.ape.core.provider.ProviderLoader;
import io.ape.core.provider.ProviderSelector;
import io.ape.core.provider.ProviderSpec;
import io.ape.core.ratelimit.LedgerLimits;
import io.ape.core.ratelimit.RateLimiter;
import io.ape.core.session.SessionManager;
import io.ape.core.state.InMemorySharedStateProvider;
import io.ape.spi.AuditSink;
import io.ape.spi.AuditSinkProvider;
import io.ape.spi.AuthorityIssuer;
import io.ape.spi.AuthorityIssuerProvider;
import io.ape.spi.ConditionOperatorProvider;
import io.ape.spi.EscalationResolver;
import io.ape.spi.EscalationResolverProvider;
import io.ape.spi.IntentCompiler;
import io.ape.spi.IntentCompilerProvider;
import io.ape.spi.PolicyEvaluator;
import io.ape.spi.PolicyEvaluatorProvider;
import io.ape.spi.PolicyParserProvider;
import io.ape.spi.ProviderContext;
import io.ape.spi.ToolAdapter;
import io.ape.spi.ToolAdapterProvider;
import io.ape.spi.state.SharedState;
import io.ape.spi.state.SharedStateProvider;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of one engine, built once by the one composition root ({@link Builder#build()}) and
 * shared by every path built on them: the policy engine, the action repository, the intent
 * compiler, the audit log and its sinks, the authority issuer, the escalation handler, the tool
 * registry and tool adapters, the shared state, limits, sessions, the clock and the tenant.
 *
 * <p><b>Every SPI is selected here</b>, through {@link ProviderSelector} (an instance given to
 * the builder wins; else the id configured under the SPI's key; else the single provider found;
 * else the highest priority; a tie, a duplicate id, or a configured id that no provider answers
 * is an {@link ApeConfigurationException} naming the artifact to add):
 * <ul>
 *   <li>{@link PolicyParserProvider}, {@link ConditionOperatorProvider} and
 *       {@link PolicyEvaluatorProvider} ({@code ape.policy.format}, {@code ape.evaluator}) by the
 *       policy engine built here;</li>
 *   <li>{@link IntentCompilerProvider} ({@code ape.compiler});</li>
 *   <li>{@link AuditSinkProvider} ({@code ape.audit.sinks}, a list; every enabled sink records
 *       every event, besides the always-present in-memory sink);</li>
 *   <li>{@link AuthorityIssuerProvider} ({@code ape.authority.issuer});</li>
 *   <li>{@link EscalationResolverProvider} ({@code ape.escalation.resolver});</li>
 *   <li>{@link ToolAdapterProvider} (every available adapter, in priority order);</li>
 *   <li>{@link SharedStateProvider} ({@code ape.state}, default {@code memory}).</li>
 * </ul>
 *
 * <p><b>One trust rule.</b> When the policy engine is built here, it is built with the action
 * repository's risk levels (an action the repository does not know is HIGH), so that the policy
 * evaluation alone decides whether parameters must be trusted ({@code provenance: trusted}, and
 * by default for HIGH and CRITICAL actions); issuance adds no second trust check. Only a policy
 * engine supplied by the caller (which may lack the risk levels) keeps the older
 * {@link ParameterTrustPolicy#byRisk} check at issuance.
 *
 * <p>Immutable after {@link Builder#build()} (the tool registry and the repository accept new
 * tools); thread-safe. {@link #close()} releases what was created here.
 *
 * @since 0.2.0
 */
public final class EngineParts implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EngineParts.class);

  /** The default escalation timeout. */
  public static final Duration DEFAULT_ESCALATION_TIMEOUT = EscalationHandler.DEFAULT_TIMEOUT;

  /** Intent compilers: {@code ape.compiler}, built-in {@code patterns}. */
  public static final ProviderSpec<IntentCompilerProvider> COMPILERS = ProviderSpec.of(
      IntentCompilerProvider.class, Settings.COMPILER, "io.ape:ape-core")
      .withReservedId(PatternIntentCompilerProvider.ID, PatternIntentCompilerProvider.class.getName());
  /** Authority issuers: {@code ape.authority.issuer}, built-in {@code in-memory}. */
  public static final ProviderSpec<AuthorityIssuerProvider> ISSUERS = ProviderSpec.of(
      AuthorityIssuerProvider.class, Settings.AUTHORITY_ISSUER, "io.ape:ape-core")
      .withReservedId("in-memory", InMemoryAuthorityIssuerProvider.class.getName());
  /** Escalation resolvers: {@code ape.escalation.resolver}, built-in {@code deny-all}. */
  public static final ProviderSpec<EscalationResolverProvider> RESOLVERS = ProviderSpec.of(
      EscalationResolverProvider.class, Settings.ESCALATION_RESOLVER, "io.ape:ape-core")
      .withReservedId("deny-all", DenyAllEscalationResolverProvider.class.getName());
  /** Audit sinks: {@code ape.audit.sinks}, a list. */
  public static final ProviderSpec<AuditSinkProvider> SINKS = ProviderSpec.of(
      AuditSinkProvider.class, Settings.AUDIT_SINKS, "")
      .withReservedId("memory", InMemoryAuditSinkProvider.class.getName())
      .withArtifact("jsonl", "io.ape:ape-audit")
      .withArtifact("slf4j", "io.ape:ape-audit")
      .withArtifact("jdbc", "io.ape:ape-audit-jdbc");
  /** Shared state: {@code ape.state}, default {@code memory}. */
  public static final ProviderSpec<SharedStateProvider> STATES = ProviderSpec.of(
      SharedStateProvider.class, Settings.STATE, "io.ape:ape-core")
      .withReservedId(InMemorySharedStateProvider.ID, InMemorySharedStateProvider.class.getName())
      .withArtifact("redis", "io.ape:ape-redis");
  /** Tool adapters: every available one. */
  public static final ProviderSpec<ToolAdapterProvider> ADAPTERS = ProviderSpec.of(
      ToolAdapterProvider.class, "", "")
      .withReservedId(FunctionToolAdapterProvider.ID, FunctionToolAdapterProvider.class.getName());

  private final Map<String, String> settings;
  private final Clock clock;
  private final String tenant;
  private final PolicyEngine policyEngine;
  private final boolean ownsPolicyEngine;
  private final ActionRepository repository;
  private final IntentCompiler compiler;
  private final IntentCompilerOptions compilerOptions;
  private final ToolRegistry tools = new ToolRegistry();
  private final List<ToolAdapter> adapters;
  private final AuditLog audit;
  private final InMemoryAuditSink memory;
  private final AuthorityIssuer issuer;
  private final EscalationResolver resolver;
  private final boolean hasResolver;
  private final Duration escalationTimeout;
  private final EscalationHandler escalation;
  private final SharedState state;
  private final List<RateLimiter> rateLimiters;
  private final SessionManager sessions;
  private final ParameterTrustPolicy trust;
  private final PolicyGeneration generation;
  private final PolicyLifecycle lifecycle;
  private final EnforcementMode enforcementMode;
  private final Deque<AutoCloseable> owned;
  private volatile CachedLimits limits;

  private record CachedLimits(Policy policy, LedgerLimits limits) {}

  private EngineParts(Builder b, Built built) {
    this.settings = built.settings;
    this.clock = built.clock;
    this.tenant = built.tenant;
    this.policyEngine = built.policyEngine;
    this.ownsPolicyEngine = built.ownsPolicyEngine;
    this.repository = built.repository;
    this.compiler = built.compiler;
    this.compilerOptions = b.compilerOptions;
    this.adapters = List.copyOf(built.adapters);
    this.audit = built.audit;
    this.memory = built.memory;
    this.issuer = built.issuer;
    this.resolver = built.resolver;
    this.hasResolver = !(built.resolver instanceof DenyAllEscalationResolver);
    this.escalationTimeout = built.escalationTimeout;
    this.escalation = built.escalation;
    this.state = built.state;
    this.rateLimiters = List.copyOf(built.rateLimiters);
    this.sessions = built.sessions;
    this.generation = built.generation;
    this.lifecycle = built.lifecycle;
    this.trust = built.ownsPolicyEngine ? null
        : ParameterTrustPolicy.byRisk(id -> built.repository.find(id)
            .map(ActionDefinition::riskLevel));
    this.enforcementMode = built.enforcementMode;
    this.owned = built.owned;
  }

  /** Starts building the parts. */
  public static Builder builder() {
    return new Builder();
  }

  /** The validated {@code ape.*} settings in force (unmodifiable). */
  public Map<String, String> settings() {
    return settings;
  }

  /** The clock of every part. */
  public Clock clock() {
    return clock;
  }

  /** The tenant calls run for by default. */
  public String tenant() {
    return tenant;
  }

  /** The policy engine. */
  public PolicyEngine policyEngine() {
    return policyEngine;
  }

  /** Whether the policy engine was built here (and its evaluation is the one trust rule). */
  public boolean ownsPolicyEngine() {
    return ownsPolicyEngine;
  }

  /** The action repository. */
  public ActionRepository repository() {
    return repository;
  }

  /** The intent compiler. */
  public IntentCompiler compiler() {
    return compiler;
  }

  /** Options for the intent compiler. */
  public IntentCompilerOptions compilerOptions() {
    return compilerOptions;
  }

  /** The tool registry: the gate's, the only path to a tool. */
  public ToolRegistry tools() {
    return tools;
  }

  /** The tool adapters, in priority order. */
  public List<ToolAdapter> adapters() {
    return adapters;
  }

  /** The audit log (the in-memory sink first, then the configured sinks). */
  public AuditLog audit() {
    return audit;
  }

  /** The in-memory sink that always receives every event. */
  public InMemoryAuditSink memorySink() {
    return memory;
  }

  /** The authority issuer. */
  public AuthorityIssuer issuer() {
    return issuer;
  }

  /** The escalation resolver selected for the engine. */
  public EscalationResolver resolver() {
    return resolver;
  }

  /** Whether a resolver other than the built-in {@code deny-all} is in force. */
  public boolean hasResolver() {
    return hasResolver;
  }

  /** How long a resolver may take. */
  public Duration escalationTimeout() {
    return escalationTimeout;
  }

  /** The escalation handler of the engine's resolver. */
  public EscalationHandler escalation() {
    return escalation;
  }

  /** The shared state. */
  public SharedState state() {
    return state;
  }

  /**
   * The rate limiters given to the builder: programmatic limiters of the plan path, besides the
   * policy's {@code rate_limits} (which are in the shared ledger, {@link #ledgerLimits()}).
   */
  public List<RateLimiter> rateLimiters() {
    return rateLimiters;
  }

  /** The session manager. */
  public SessionManager sessions() {
    return sessions;
  }

  /**
   * The trust adapter issuance applies for a policy engine supplied by the caller (which may
   * lack the action risks), or {@code null}: the policy evaluation is the one trust rule.
   */
  public ParameterTrustPolicy trust() {
    return trust;
  }

  /** The monotonic generation of the policy in force (advances on every reload). */
  public PolicyGeneration generation() {
    return generation;
  }

  /** The enforcement mode of the gate. */
  public EnforcementMode enforcementMode() {
    return enforcementMode;
  }

  /** The policy's rate limits as ledger charges (rebuilt when the policy changes). */
  public LedgerLimits ledgerLimits() {
    Policy policy = policyEngine.policy();
    CachedLimits cached = limits;
    if (cached == null || cached.policy != policy) {
      cached = new CachedLimits(policy, LedgerLimits.of(policy.rateLimits()));
      limits = cached;
    }
    return cached.limits;
  }

  /** The risk level of an action: the repository's, else HIGH (fail closed). */
  public RiskLevel riskOf(String actionId) {
    return repository.find(actionId).map(ActionDefinition::riskLevel).orElse(RiskLevel.HIGH);
  }

  /**
   * Recompiles the policy in force after actions were added to the repository, so that their
   * risk levels apply to its rules (a no-op for a policy engine supplied by the caller).
   *
   * @throws io.ape.api.PolicyException if the policy no longer compiles (the old one stays)
   */
  public void recompilePolicy() {
    if (ownsPolicyEngine) {
      lifecycle.recompiling(() -> policyEngine.reload(policyEngine.policy()));
    }
  }

  /**
   * Ends every open session, then closes the escalation handler, the audit log, the shared state
   * and the policy engine — those created here.
   */
  @Override
  public void close() {
    try {
      sessions.endAll();
    } catch (RuntimeException e) {
      LOG.warn("could not end every open session while closing the engine: {}", e.toString());
    }
    closeAll(owned);
  }

  private static void closeAll(Deque<AutoCloseable> resources) {
    while (!resources.isEmpty()) {
      AutoCloseable c = resources.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", c.getClass().getName(), e.toString());
      }
    }
  }

  /** Everything {@link Builder#build()} made, before the parts are assembled. */
  private static final class Built {
    Map<String, String> settings;
    Clock clock;
    String tenant;
    PolicyEngine policyEngine;
    boolean ownsPolicyEngine;
    ActionRepository repository;
    IntentCompiler compiler;
    final List<ToolAdapter> adapters = new ArrayList<>();
    AuditLog audit;
    InMemoryAuditSink memory;
    AuthorityIssuer issuer;
    EscalationResolver resolver;
    Duration escalationTimeout;
    EscalationHandler escalation;
    SharedState state;
    final List<RateLimiter> rateLimiters = new ArrayList<>();
    SessionManager sessions;
    PolicyGeneration generation;
    PolicyLifecycle lifecycle;
    EnforcementMode enforcementMode;
    final Deque<AutoCloseable> owned = new ArrayDeque<>();
  }

  /**
   * Builder of {@link EngineParts}. Not thread-safe. The setters only record; nothing is read,
   * loaded or discovered before {@link #build()}.
   *
   * @since 0.2.0
   */
  public static final class Builder {
    private Path policyFile;
    private Policy policy;
    private PolicyEngine policyEngine;
    private Map<String, String> settings = Map.of();
    private Clock clock;
    private String tenant;
    private ActionRepository repository;
    private IntentCompiler compiler;
    private IntentCompilerProvider compilerProvider;
    private IntentCompilerOptions compilerOptions = IntentCompilerOptions.defaults();
    private final List<AuditSink> auditSinks = new ArrayList<>();
    private AuthorityIssuer issuer;
    private EscalationResolver resolver;
    private Duration escalationTimeout;
    private final Map<String, PolicyEvaluator> evaluators = new LinkedHashMap<>();
    private SharedState state;
    private EnforcementMode enforcementMode;
    private boolean allowDisabledMode;
    private ProviderLoader providerLoader = ProviderLoader.serviceLoader();
    private final List<RateLimiter> rateLimiters = new ArrayList<>();
    private Consumer<SessionManager.Builder> sessionConfig = sb -> { };

    private Builder() {}

    /** The policy file (loaded at build). */
    public Builder policyFile(Path file) {
      this.policyFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /** A policy given in code. */
    public Builder policy(Policy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** A policy engine built by the caller (not closed with the parts). */
    public Builder policyEngine(PolicyEngine engine) {
      this.policyEngine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /** The validated {@code ape.*} settings (see {@link Settings}). */
    public Builder settings(Map<String, String> values) {
      this.settings = Map.copyOf(values);
      return this;
    }

    /** The clock (default: system UTC). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The tenant (default: {@code ape.tenant}, else {@code "default"}). */
    public Builder tenant(String tenant) {
      this.tenant = Objects.requireNonNull(tenant, "tenant");
      return this;
    }

    /** The action repository (default: the standard actions). */
    public Builder repository(ActionRepository repository) {
      this.repository = Objects.requireNonNull(repository, "repository");
      return this;
    }

    /** The intent compiler (wins over {@code ape.compiler}). */
    public Builder compiler(IntentCompiler compiler) {
      this.compiler = Objects.requireNonNull(compiler, "compiler");
      return this;
    }

    /** The intent compiler provider (wins over {@code ape.compiler}). */
    public Builder compilerProvider(IntentCompilerProvider provider) {
      this.compilerProvider = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /** Options for the intent compiler. */
    public Builder compilerOptions(IntentCompilerOptions options) {
      this.compilerOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Adds an audit sink; any sink given here replaces {@code ape.audit.sinks}. */
    public Builder auditSink(AuditSink sink) {
      auditSinks.add(Objects.requireNonNull(sink, "sink"));
      return this;
    }

    /** The authority issuer (wins over {@code ape.authority.issuer}). */
    public Builder issuer(AuthorityIssuer issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /** The escalation resolver (wins over {@code ape.escalation.resolver}). */
    public Builder resolver(EscalationResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** How long a resolver may take (wins over {@code ape.escalation.timeout}). */
    public Builder escalationTimeout(Duration timeout) {
      this.escalationTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** An external evaluator, in addition to those {@code ape.evaluator} enables. */
    public Builder evaluator(String name, PolicyEvaluator evaluator) {
      evaluators.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(evaluator,
          "evaluator"));
      return this;
    }

    /** The shared state (wins over {@code ape.state}; not closed with the parts). */
    public Builder state(SharedState state) {
      this.state = Objects.requireNonNull(state, "state");
      return this;
    }

    /** The enforcement mode (wins over {@code ape.enforcement.mode}). */
    public Builder enforcementMode(EnforcementMode mode) {
      this.enforcementMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** The explicit consent that DISABLED enforcement requires. */
    public Builder allowDisabledMode(boolean allow) {
      this.allowDisabledMode = allow;
      return this;
    }

    /** Where providers are discovered (default: {@link java.util.ServiceLoader}). */
    public Builder providerLoader(ProviderLoader loader) {
      this.providerLoader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /**
     * A programmatic rate limiter of the plan path, besides the policy's {@code rate_limits}
     * (those are kept in the shared state's ledger).
     */
    public Builder rateLimiter(RateLimiter limiter) {
      rateLimiters.add(Objects.requireNonNull(limiter, "limiter"));
      return this;
    }

    /** Configures the session manager. */
    public Builder sessions(Consumer<SessionManager.Builder> configuration) {
      this.sessionConfig = Objects.requireNonNull(configuration, "configuration");
      return this;
    }

    /**
     * Selects every provider and builds the parts; on any failure, closes what was built.
     *
     * @throws ApeConfigurationException for a configuration or selection problem
     * @throws io.ape.api.PolicyException if the policy cannot be loaded
     * @throws ProviderException if a provider cannot be loaded or fails
     */
    public EngineParts build() {
      Built built = new Built();
      try {
        assemble(built);
        return new EngineParts(this, built);
      } catch (RuntimeException | Error e) {
        closeAll(built.owned);
        throw e;
      }
    }

    private void assemble(Built built) {
      if (policyEngine == null && policyFile == null && policy == null
          && !settings.containsKey(Settings.POLICY_FILE)) {
        throw new ApeConfigurationException("an engine needs a policy: give policyFile(path) or "
            + "policy(policy), or set " + Settings.POLICY_FILE);
      }
      Map<String, String> s = new LinkedHashMap<>(settings);
      if (s.containsKey(Settings.EVALUATORS) && s.containsKey(Settings.POLICY_EVALUATORS)) {
        throw new ApeConfigurationException("both " + Settings.EVALUATORS + " and "
            + Settings.POLICY_EVALUATORS + " are set; they mean the same, set one");
      }
      if (s.containsKey(Settings.EVALUATORS)) {
        s.put(Settings.POLICY_EVALUATORS, s.remove(Settings.EVALUATORS));
      }
      ProviderSelector selector = new ProviderSelector(providerLoader, s);
      Settings.checkKnown(s, ProviderConfiguration.namespaces(selector, s));
      ProviderConfiguration.checkEnabledNamespaces(s, selector, !auditSinks.isEmpty(),
          state != null);
      built.settings = Map.copyOf(s);
      built.clock = clock != null ? clock : Clock.systemUTC();
      built.tenant = tenant != null ? tenant : s.getOrDefault(Settings.TENANT,
          RequestContext.DEFAULT_TENANT);
      if (built.tenant.isBlank()) {
        throw new ApeConfigurationException("the tenant must not be blank");
      }
      ProviderContext context = new ProviderContext(s, built.clock);
      built.repository = repository != null ? repository : StandardActions.createRepository();
      built.enforcementMode = enforcementMode(s);

      buildPolicyEngine(built, s);
      built.generation = new PolicyGeneration();
      PolicyEngine followed = built.policyEngine;
      PolicyUpdateListener following = built.generation.follow(followed);
      built.owned.push(() -> followed.removeUpdateListener(following));
      built.compiler = compiler != null ? compiler : createCompiler(selector, context,
          built.repository);
      buildAudit(built, selector, s);
      built.issuer = issuer != null ? issuer : ProviderConfiguration.create(selector.selectOne(ISSUERS, null),
          p -> p.create(context), "authority issuer");
      built.lifecycle = PolicyLifecycle.attach(built.policyEngine, built.audit, built.issuer,
          built.generation);
      built.owned.push(built.lifecycle);
      built.resolver = resolver != null ? resolver : ProviderConfiguration.create(selector.selectOne(RESOLVERS, null),
          p -> p.create(context), "escalation resolver");
      built.escalationTimeout = escalationTimeout != null ? escalationTimeout
          : s.containsKey(Settings.ESCALATION_TIMEOUT)
              ? Settings.duration(Settings.ESCALATION_TIMEOUT, s.get(Settings.ESCALATION_TIMEOUT))
              : DEFAULT_ESCALATION_TIMEOUT;
      built.escalation = new EscalationHandler(built.resolver, built.escalationTimeout);
      built.owned.push(built.escalation);
      if (state != null) {
        built.state = state;
      } else {
        Map<String, String> withDefault = new LinkedHashMap<>(s);
        withDefault.putIfAbsent(Settings.STATE, InMemorySharedStateProvider.ID);
        SharedStateProvider provider = new ProviderSelector(providerLoader, withDefault)
            .selectOne(STATES, null);
        built.state = ProviderConfiguration.create(provider, p -> p.create(context), "shared state");
        built.owned.push(built.state);
      }
      for (ToolAdapterProvider provider : selector.available(ADAPTERS)) {
        built.adapters.add(ProviderConfiguration.create(provider, p -> p.create(context), "tool adapter"));
      }
      built.rateLimiters.addAll(rateLimiters);
      SessionManager.Builder sb = SessionManager.builder().clock(built.clock)
          .sharedState(built.state).listener(new SessionAuditor(built.audit));
      for (RateLimiter rl : built.rateLimiters) {
        sb.rateLimiter(rl);
      }
      sessionConfig.accept(sb);
      built.sessions = sb.build();
    }

    private void buildPolicyEngine(Built built, Map<String, String> s) {
      if (policyEngine != null) {
        built.policyEngine = policyEngine;
        built.ownsPolicyEngine = false;
        return;
      }
      ActionRepository repo = built.repository;
      Function<String, RiskLevel> risk = id -> repo.find(id).map(ActionDefinition::riskLevel)
          .orElse(RiskLevel.HIGH);
      PolicyEngine.Builder pb = PolicyEngine.builder().clock(built.clock)
          .providerLoader(providerLoader).actionRisk(risk).properties(s);
      evaluators.forEach(pb::evaluator);
      if (policy != null) {
        pb.policy(policy);
      } else {
        Path file = policyFile;
        if (file == null) {
          String raw = s.get(Settings.POLICY_FILE);
          try {
            file = Path.of(raw.trim());
          } catch (InvalidPathException e) {
            throw new ApeConfigurationException(Settings.POLICY_FILE + " is not a valid path: \""
                + Settings.printable(raw) + "\"", e);
          }
        } else if (s.containsKey(Settings.POLICY_FILE)
            && !Path.of(s.get(Settings.POLICY_FILE).trim()).equals(file)) {
          LOG.warn("{} = {} is ignored: the policy file given to the builder ({}) wins",
              Settings.POLICY_FILE, s.get(Settings.POLICY_FILE), file);
        }
        pb.policyFile(file);
      }
      built.policyEngine = pb.build();
      built.ownsPolicyEngine = true;
      built.owned.push(built.policyEngine);
    }

    private void buildAudit(Built built, ProviderSelector selector, Map<String, String> s) {
      built.memory = new InMemoryAuditSink();
      AuditLog.Builder ab = AuditLog.builder().clock(built.clock).sink(built.memory);
      if (!auditSinks.isEmpty()) {
        if (s.containsKey(Settings.AUDIT_SINKS)) {
          LOG.warn("{} = {} is ignored: audit sink instances were given to the builder",
              Settings.AUDIT_SINKS, s.get(Settings.AUDIT_SINKS));
        }
        auditSinks.forEach(ab::sink);
      } else {
        Map<String, String> props = new LinkedHashMap<>(s);
        String hmac = s.get(Settings.AUDIT_HMAC_KEY_FILE);
        List<AuditSinkProvider> enabled = selector.enabled(SINKS);
        if (hmac != null) {
          if (enabled.stream().noneMatch(p -> p.id().equals("jsonl"))) {
            throw new ApeConfigurationException(Settings.AUDIT_HMAC_KEY_FILE + " is set, but no "
                + "enabled audit sink signs records: add jsonl to " + Settings.AUDIT_SINKS);
          }
          if (props.putIfAbsent("ape.audit.jsonl.hmac-key-file", hmac) != null) {
            throw new ApeConfigurationException("both " + Settings.AUDIT_HMAC_KEY_FILE
                + " and ape.audit.jsonl.hmac-key-file are set; set one");
          }
        }
        ProviderContext context = new ProviderContext(props, built.clock);
        for (AuditSinkProvider provider : enabled) {
          AuditSink sink = ProviderConfiguration.create(provider, p -> p.create(context), "audit sink");
          built.owned.push(sink);
          ab.sink(sink);
        }
      }
      if (built.policyEngine.policy().audit() != null) {
        ab.redaction(built.policyEngine.policy().audit());
      }
      String hmacKeyFile = s.get(Settings.AUDIT_HMAC_KEY_FILE);
      if (hmacKeyFile != null) {
        // redacted values of a signed log are keyed by the log's own secret, so that equal
        // values still correlate across restarts and the redaction key never sits in the log
        ab.redactionKey(KeyedRedaction.keyDerivedFrom(
            readKeyFile(Path.of(hmacKeyFile), Settings.AUDIT_HMAC_KEY_FILE)));
      }
      built.audit = ab.build();
      // the log closes its sinks (as the orchestrator always did): it replaces them in the list
      built.owned.removeIf(c -> c instanceof AuditSink);
      built.owned.push(built.audit);
      PolicyEngine engine = built.policyEngine;
      AuditEvents.policyLoaded(built.audit, engine.policyVersion(), engine.policy().name(),
          engine.policy().source().name(), engine.policy().isDefaultAllow());
    }

    private IntentCompiler createCompiler(ProviderSelector selector, ProviderContext context,
        ActionRepository repo) {
      IntentCompilerProvider provider = selector.selectOne(COMPILERS, compilerProvider);
      return ProviderConfiguration.create(provider, p -> p.create(context, repo), "intent compiler");
    }

    private EnforcementMode enforcementMode(Map<String, String> s) {
      EnforcementMode mode = enforcementMode;
      if (mode == null && s.containsKey(Settings.ENFORCEMENT_MODE)) {
        String raw = s.get(Settings.ENFORCEMENT_MODE).trim().toUpperCase(Locale.ROOT);
        try {
          mode = EnforcementMode.valueOf(raw);
        } catch (IllegalArgumentException e) {
          throw new ApeConfigurationException(Settings.ENFORCEMENT_MODE + " must be enforce, "
              + "observe or disabled, but was \"" + Settings.printable(s.get(
                  Settings.ENFORCEMENT_MODE)) + "\"", e);
        }
      }
      mode = mode == null ? EnforcementMode.ENFORCE : mode;
      if (mode == EnforcementMode.DISABLED && !allowDisabledMode) {
        throw new ApeConfigurationException("enforcement mode DISABLED runs tools without any "
            + "check; it needs the explicit builder flag allowDisabledMode(true)");
      }
      return mode;
    }

  }

  /** The bytes of an HMAC key file (32 to 4096 bytes), as the JSON-lines sink reads it. */
  private static byte[] readKeyFile(Path file, String key) {
    try {
      long size = java.nio.file.Files.size(file);
      if (size < 32 || size > 4096) {
        throw new ApeConfigurationException(key + ": the key file " + file + " has " + size
            + " bytes; an HMAC key file holds 32 to 4096 bytes");
      }
      return java.nio.file.Files.readAllBytes(file);
    } catch (java.io.IOException e) {
      throw new ApeConfigurationException(key + ": cannot read the key file " + file + ": "
          + e.getMessage(), e);
    }
  }
}
