package io.ape.core.policy;

import io.ape.api.ActionIds;
import io.ape.api.ActionRequest;
import io.ape.api.ApeConfigurationException;
import io.ape.api.ApeException;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.EscalationRequiredException;
import io.ape.api.Policy;
import io.ape.api.PolicyDecisionPoint;
import io.ape.api.PolicyDenyException;
import io.ape.api.PolicyException;
import io.ape.api.PolicyLimits;
import io.ape.api.PolicyProblem;
import io.ape.api.RequestContext;
import io.ape.api.RiskLevel;
import io.ape.core.policy.operator.ConditionOperators;
import io.ape.core.provider.ProviderLoader;
import io.ape.core.provider.ProviderSelector;
import io.ape.core.provider.ProviderSpec;
import io.ape.spi.ConditionOperator;
import io.ape.spi.ConditionOperatorProvider;
import io.ape.spi.PolicyEvaluator;
import io.ape.spi.PolicyEvaluatorProvider;
import io.ape.spi.PolicyParserProvider;
import io.ape.spi.ProviderContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy decision point: decides ALLOW, DENY or ESCALATE for an action, deterministically
 * and fail-closed.
 *
 * <pre>{@code
 * PolicyEngine engine = PolicyEngine.fromFile(Path.of("policies/read_only.yaml"));
 * Decision d = engine.evaluate("read_file", Map.of("path", "/srv/data/a.txt"));
 * if (d.isAllowed()) { ... }
 * }</pre>
 *
 * <p><b>Evaluation order</b> (DESIGN §4): malformed action id → DENY; {@code forbidden_actions}
 * → DENY; {@code escalation_required} → ESCALATE; the action's rules in file order (the first
 * whose conditions all hold decides; rules are evaluated even without parameters; a
 * condition cannot judge an absent parameter or a value of the wrong type, which fails an
 * ALLOW rule but makes a DENY or ESCALATE rule apply, so leaving out the parameter a deny rule
 * inspects never gets past it; if the action has rules and none matched → DENY listing every
 * failed condition); {@code allowed_actions} → ALLOW; the default. Every ALLOW
 * is then offered to the external evaluators, which can only narrow it (their error, timeout
 * or {@code null} is a DENY). An ALLOW for an action whose rule says
 * {@code provenance: trusted} — or, by default, for an action the {@code actionRisk} function
 * rates HIGH or CRITICAL — is a DENY when the request's parameters are not trusted. A default
 * ALLOW is flagged ({@link Decision#isDefaultAllow()}) and its reason says "default allow".
 *
 * <p><b>Compiled once.</b> The policy is validated completely and compiled at load into an
 * immutable index (one hash lookup per decision, precomputed decisions, regular expressions
 * and globs compiled once); evaluation never re-parses anything.
 *
 * <p><b>Never throws</b> from {@link #evaluate}, {@link #simulate} or {@link #explain}: bad
 * input is a DENY with {@link DecisionSource#INVALID_REQUEST}, an internal error (for example
 * a custom operator that throws) a DENY with {@link DecisionSource#ERROR}. Only
 * {@link #evaluateOrThrow} throws, and only for DENY and ESCALATE.
 *
 * <p><b>Thread-safe.</b> Any number of threads may evaluate concurrently, without locks, while
 * another thread reloads: {@link #reload()} parses, validates and compiles the new policy
 * completely before swapping it in with one volatile write, so every decision comes from
 * exactly one policy version (the one its {@link Decision#policyVersion()} names); a failed
 * reload keeps the old policy, notifies the listeners and throws the typed error.
 *
 * <p>{@link #close()} stops the external-evaluator threads, if any (after which decisions that
 * would consult an external evaluator are DENY); an engine without external evaluators holds
 * no resources.
 */
public final class PolicyEngine implements PolicyDecisionPoint, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyEngine.class);

  /**
   * The {@link RequestContext#attributes()} key of the session's user, which conditions read as
   * {@code ${session.user}} (whoever builds the context puts the user there; the engine does
   * from its session).
   *
   * @since 0.2.0
   */
  public static final String USER_ATTRIBUTE = "ape.user";

  /** Custom condition operators; every discovered provider is usable by name in policies. */
  static final ProviderSpec<ConditionOperatorProvider> OPERATOR_PROVIDERS = reservedOperatorIds(
      ProviderSpec.of(ConditionOperatorProvider.class, "", ""));
  /** External evaluators; enabled by {@code ape.policy.evaluators=id1,id2}. */
  static final ProviderSpec<PolicyEvaluatorProvider> EVALUATOR_PROVIDERS =
      ProviderSpec.of(PolicyEvaluatorProvider.class, "ape.policy.evaluators", "");

  private final Path file;
  private final PolicyFiles files;
  private final PolicyCompiler compiler;
  private final ExternalEvaluators external;
  private final Clock clock;
  private final List<PolicyUpdateListener> listeners = new CopyOnWriteArrayList<>();
  private final Object reloadLock = new Object();
  private volatile CompiledPolicy current;

  private PolicyEngine(Path file, PolicyFiles files, PolicyCompiler compiler,
      ExternalEvaluators external, Clock clock, CompiledPolicy initial) {
    this.file = file;
    this.files = files;
    this.compiler = compiler;
    this.external = external;
    this.clock = clock;
    this.current = initial;
  }

  /**
   * An engine for a policy file, with the parser chosen by the file's extension.
   *
   * @throws io.ape.api.PolicyNotFoundException if the file does not exist
   * @throws PolicyException if it cannot be read, parsed or validated
   * @throws ApeConfigurationException if no parser handles its format
   */
  public static PolicyEngine fromFile(Path policyFile) {
    return builder().policyFile(policyFile).build();
  }

  /**
   * An engine for a policy built in code (or parsed elsewhere).
   *
   * @throws io.ape.api.PolicyValidationException if it is not valid
   */
  public static PolicyEngine of(Policy policy) {
    return builder().policy(policy).build();
  }

  /** A builder; exactly one of {@code policyFile} or {@code policy} is required. */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- evaluation

  /** Decides one request. Never throws, never returns {@code null}. */
  @Override
  public Decision evaluate(ActionRequest request) {
    return decide(request, null);
  }

  /** Decides an action without parameters, of untrusted provenance, for the default tenant. */
  public Decision evaluate(String actionId) {
    return evaluate(actionId, Map.of(), RequestContext.untrusted());
  }

  /** Decides an action with parameters of untrusted provenance, for the default tenant. */
  public Decision evaluate(String actionId, Map<String, ?> parameters) {
    return evaluate(actionId, parameters, RequestContext.untrusted());
  }

  /** Decides an action with parameters and an explicit context. Never throws. */
  public Decision evaluate(String actionId, Map<String, ?> parameters, RequestContext context) {
    Prepared prepared = prepare(actionId, parameters, context);
    return prepared.request != null ? decide(prepared.request, null) : prepared.rejection;
  }

  /**
   * Decides and enforces: returns the ALLOW decision, or throws.
   *
   * @throws PolicyDenyException for a DENY (carrying the decision)
   * @throws EscalationRequiredException for an ESCALATE (carrying the decision)
   */
  public Decision evaluateOrThrow(ActionRequest request) {
    return enforce(evaluate(request));
  }

  /** {@link #evaluateOrThrow(ActionRequest)} for an action without parameters. */
  public Decision evaluateOrThrow(String actionId) {
    return enforce(evaluate(actionId));
  }

  /** {@link #evaluateOrThrow(ActionRequest)} for an action with parameters. */
  public Decision evaluateOrThrow(String actionId, Map<String, ?> parameters) {
    return enforce(evaluate(actionId, parameters));
  }

  private static Decision enforce(Decision d) {
    switch (d.outcome()) {
      case ALLOW:
        return d;
      case ESCALATE:
        throw new EscalationRequiredException(d);
      default:
        throw new PolicyDenyException(d);
    }
  }

  /**
   * The decision {@link #evaluate(ActionRequest)} would return, for tools and the CLI.
   * Evaluation has no side effects, so this is the same call under a name that says so.
   */
  public Decision simulate(ActionRequest request) {
    return evaluate(request);
  }

  /** {@link #simulate(ActionRequest)} for an action without parameters. */
  public Decision simulate(String actionId) {
    return evaluate(actionId);
  }

  /** {@link #simulate(ActionRequest)} for an action with parameters. */
  public Decision simulate(String actionId, Map<String, ?> parameters) {
    return evaluate(actionId, parameters);
  }

  /**
   * Decides a request and reports how: every step, every rule considered with each condition's
   * result and reason. The decision is the one {@link #evaluate} returns. Slower than
   * {@code evaluate} (it evaluates every condition of every rule it considers); never throws.
   */
  public Explanation explain(ActionRequest request) {
    CompiledPolicy p = current;
    Trace trace = new Trace();
    Decision d = decide(p, request, trace);
    return new Explanation(d, p.policy.name(), p.version, trace.steps, trace.rules);
  }

  /** {@link #explain(ActionRequest)} for an action without parameters. */
  public Explanation explain(String actionId) {
    return explain(actionId, Map.of());
  }

  /** {@link #explain(ActionRequest)} for an action with parameters. */
  public Explanation explain(String actionId, Map<String, ?> parameters) {
    Prepared prepared = prepare(actionId, parameters, RequestContext.untrusted());
    if (prepared.request != null) {
      return explain(prepared.request);
    }
    CompiledPolicy p = current;
    return new Explanation(prepared.rejection, p.policy.name(), p.version,
        List.of("the request is invalid: " + prepared.rejection.reason()), List.of());
  }

  /** A request, or the DENY that replaces it when the input cannot form one. */
  private record Prepared(ActionRequest request, Decision rejection) {}

  private Prepared prepare(String actionId, Map<String, ?> parameters, RequestContext context) {
    if (actionId == null) {
      return new Prepared(null, Decision.deny("null", "the action id is null",
          DecisionSource.INVALID_REQUEST, current.version));
    }
    try {
      return new Prepared(ActionRequest.of(actionId, parameters == null ? Map.of() : parameters,
          context), null);
    } catch (RuntimeException e) {
      return new Prepared(null, Decision.deny(actionId, "invalid request parameters: "
          + e.getMessage(), DecisionSource.INVALID_REQUEST, current.version));
    }
  }

  private Decision decide(ActionRequest request, Trace trace) {
    return decide(current, request, trace);
  }

  private Decision decide(CompiledPolicy p, ActionRequest request, Trace trace) {
    if (request == null) {
      return Decision.deny("null", "the request is null", DecisionSource.INVALID_REQUEST,
          p.version);
    }
    try {
      return Evaluation.decide(p, external, request, trace);
    } catch (RuntimeException | Error e) {
      if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
        throw (Error) e;
      }
      LOG.warn("Internal error while evaluating '{}' against policy {}; denying",
          ActionIds.printable(request.actionId()), p.version, e);
      if (trace != null) {
        trace.step("internal error: " + e + ": DENY");
      }
      return Decision.deny(request.actionId(), "internal error while evaluating the action ("
          + e.getClass().getName() + "); denied", DecisionSource.ERROR, p.version);
    }
  }

  // ---------------------------------------------------------------- the policy in force

  /** The policy in force. */
  public Policy policy() {
    return current.policy;
  }

  /** The SHA-256 (hex) of the policy in force: the version in every decision it makes. */
  @Override
  public String policyVersion() {
    return current.version;
  }

  /** {@code allowed_actions} of the policy in force, in file order. */
  public List<String> allowedActions() {
    return current.policy.allowedActions();
  }

  /** {@code forbidden_actions} of the policy in force, in file order. */
  public List<String> forbiddenActions() {
    return current.policy.forbiddenActions();
  }

  /** {@code escalation_required} of the policy in force, in file order. */
  public List<String> escalationActions() {
    return current.policy.escalationRequired();
  }

  /** The actions that have rules in the policy in force, in the order of their first rule. */
  public Set<String> ruleActions() {
    return current.ruleActions;
  }

  /**
   * Things about the policy in force that are legal but probably wrong: default allow,
   * unreachable rules, actions both allowed and governed by rules, duplicates within a list.
   * Tools show these ({@code ape validate}); {@code --strict} fails on them.
   */
  public List<PolicyProblem> warnings() {
    return current.warnings;
  }

  /**
   * Whether a plan step using {@code toTool} may follow one using {@code fromTool} under the
   * policy's {@code tool_transitions}: tools without an entry are unconstrained; a malformed
   * or {@code null} tool id is never allowed.
   */
  @Override
  public boolean isTransitionAllowed(String fromTool, String toTool) {
    if (!ActionIds.isValid(fromTool) || !ActionIds.isValid(toTool)) {
      return false;
    }
    Set<String> successors = current.transitions.get(fromTool);
    return successors == null || successors.contains(toTool);
  }

  // ---------------------------------------------------------------- reload

  /**
   * Re-reads the policy file and replaces the policy in force, once the new one is completely
   * parsed, validated and compiled. On any error the old policy stays in force, the listeners
   * are told ({@link PolicyUpdateEvent.Kind#RELOAD_FAILED}) and the error is thrown.
   *
   * @throws PolicyException (or another {@link ApeException}) if the new policy is unusable
   * @throws IllegalStateException if this engine was not built from a file
   */
  public void reload() {
    if (files == null) {
      throw new IllegalStateException("This engine was built from a Policy object, not a file;"
          + " use reload(Policy).");
    }
    synchronized (reloadLock) {
      CompiledPolicy next;
      try {
        next = compiler.compile(files.load(file));
      } catch (RuntimeException e) {
        throw failed(file.toString(), e);
      }
      swap(next);
    }
  }

  /**
   * Replaces the policy in force with {@code policy}, once it is validated and compiled; on
   * error, as {@link #reload()}.
   *
   * @throws io.ape.api.PolicyValidationException if it is not valid
   */
  public void reload(Policy policy) {
    Objects.requireNonNull(policy, "policy");
    synchronized (reloadLock) {
      CompiledPolicy next;
      try {
        next = compiler.compile(policy);
      } catch (RuntimeException e) {
        throw failed(policy.source().name(), e);
      }
      swap(next);
    }
  }

  private void swap(CompiledPolicy next) {
    CompiledPolicy previous = current;
    current = next;
    LOG.info("Policy '{}' reloaded from {}: version {} -> {}", next.label,
        next.policy.source().name(), previous.version, next.version);
    notifyListeners(new PolicyUpdateEvent(PolicyUpdateEvent.Kind.RELOADED,
        next.policy.source().name(), next.policy.name(), previous.version, next.version,
        clock.instant(), null));
  }

  private ApeException failed(String source, RuntimeException e) {
    ApeException error = e instanceof ApeException ae ? ae
        : new PolicyException("Reloading the policy from " + source + " failed: " + e, e);
    CompiledPolicy kept = current;
    LOG.warn("Policy reload from {} failed; keeping version {}: {}", source, kept.version,
        error.getMessage());
    notifyListeners(new PolicyUpdateEvent(PolicyUpdateEvent.Kind.RELOAD_FAILED, source,
        kept.policy.name(), kept.version, kept.version, clock.instant(), error));
    return error;
  }

  /** Adds a listener for later loads, reloads and failed reloads. */
  public void addUpdateListener(PolicyUpdateListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes a listener; returns whether it was registered. */
  public boolean removeUpdateListener(PolicyUpdateListener listener) {
    return listeners.remove(listener);
  }

  private void notifyListeners(PolicyUpdateEvent event) {
    for (PolicyUpdateListener l : listeners) {
      try {
        l.onPolicyUpdate(event);
      } catch (RuntimeException e) {
        LOG.warn("Policy update listener {} failed on {}", l, event.kind(), e);
      }
    }
  }

  /** The external-evaluator support, for tests in this package. */
  ExternalEvaluators externalEvaluators() {
    return external;
  }

  /** Stops the external-evaluator threads, if any. Idempotent. */
  @Override
  public void close() {
    if (external != null) {
      external.close();
    }
  }

  @Override
  public String toString() {
    CompiledPolicy p = current;
    return "PolicyEngine[" + p.label + " @ " + p.version.substring(0, Math.min(16,
        p.version.length())) + "]";
  }

  private static ProviderSpec<ConditionOperatorProvider> reservedOperatorIds(
      ProviderSpec<ConditionOperatorProvider> spec) {
    ProviderSpec<ConditionOperatorProvider> out = spec;
    ConditionOperators builtIns = ConditionOperators.builtIns();
    for (String name : ConditionOperators.builtInNames()) {
      out = out.withReservedId(name, builtIns.find(name).map(o -> o.getClass().getName())
          .orElse(PolicyEngine.class.getName()));
    }
    return out;
  }

  // ---------------------------------------------------------------- builder

  /**
   * Builds a {@link PolicyEngine}. Each single-valued option may be set once (a second call
   * fails, naming the first value); {@link #build()} validates everything and fails with a
   * typed exception rather than building a half-configured engine. Not thread-safe.
   */
  public static final class Builder {
    private Path policyFile;
    private Policy policy;
    private String format;
    private PolicyParserProvider parser;
    private PolicyLimits limits;
    private final List<ConditionOperator> operators = new ArrayList<>();
    private Boolean operatorDiscovery;
    private final List<ExternalEvaluators.Named> evaluators = new ArrayList<>();
    private Duration evaluatorTimeout;
    private Integer evaluatorThreads;
    private Function<String, RiskLevel> actionRisk;
    private ProviderLoader providerLoader;
    private Clock clock;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<PolicyUpdateListener> listeners = new ArrayList<>();

    private Builder() {}

    private static void once(Object current, String option) {
      if (current != null) {
        throw new IllegalStateException(option + " was already set to " + current);
      }
    }

    /** The policy file; its extension picks the parser (see {@link #format(String)}). */
    public Builder policyFile(Path path) {
      once(policyFile, "policyFile");
      if (policy != null) {
        throw new IllegalStateException("policy(Policy) was already given; use either a file or"
            + " a Policy object, not both");
      }
      this.policyFile = Objects.requireNonNull(path, "path");
      return this;
    }

    /** A policy built in code, instead of a file. */
    public Builder policy(Policy policy) {
      once(this.policy, "policy");
      if (policyFile != null) {
        throw new IllegalStateException("policyFile was already set to " + policyFile
            + "; use either a file or a Policy object, not both");
      }
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * The id of the parser to use whatever the file's extension ({@code yaml}, {@code json});
     * the same as the {@code ape.policy.format} property, and takes precedence over it.
     */
    public Builder format(String parserId) {
      once(format, "format");
      this.format = Objects.requireNonNull(parserId, "parserId");
      return this;
    }

    /** A parser provider instance to use instead of discovering one. */
    public Builder parser(PolicyParserProvider provider) {
      once(parser, "parser");
      this.parser = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /** Limits applied when reading policy files (default {@link PolicyLimits#defaults()}). */
    public Builder limits(PolicyLimits limits) {
      once(this.limits, "limits");
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** Adds a custom condition operator (its name must not be a built-in one). */
    public Builder operator(ConditionOperator operator) {
      operators.add(Objects.requireNonNull(operator, "operator"));
      return this;
    }

    /**
     * Whether {@link ConditionOperatorProvider}s found by the provider loader are usable in
     * policies (default {@code true}).
     */
    public Builder operatorDiscovery(boolean enabled) {
      once(operatorDiscovery, "operatorDiscovery");
      this.operatorDiscovery = enabled;
      return this;
    }

    /**
     * Adds an external evaluator, consulted (in the order added, after those enabled by
     * {@code ape.policy.evaluators}) for every decision the policy ALLOWs; it can only narrow.
     *
     * @param name the name used in reasons
     */
    public Builder evaluator(String name, PolicyEvaluator evaluator) {
      evaluators.add(new ExternalEvaluators.Named(Objects.requireNonNull(name, "name"),
          Objects.requireNonNull(evaluator, "evaluator")));
      return this;
    }

    /** How long one external evaluator may take before its silence is a DENY (default 2 s). */
    public Builder evaluatorTimeout(Duration timeout) {
      once(evaluatorTimeout, "evaluatorTimeout");
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("evaluatorTimeout must be positive, got " + timeout);
      }
      this.evaluatorTimeout = timeout;
      return this;
    }

    /** The number of threads that run external evaluators (default 4). */
    public Builder evaluatorThreads(int threads) {
      once(evaluatorThreads, "evaluatorThreads");
      if (threads < 1) {
        throw new IllegalArgumentException("evaluatorThreads must be at least 1, got " + threads);
      }
      this.evaluatorThreads = threads;
      return this;
    }

    /**
     * The risk of each action (typically from the action repository); {@code null} for an
     * unknown action. Used for rules and {@code allowed_actions} entries without an explicit
     * provenance: HIGH and CRITICAL actions then need trusted parameters. Applied once per
     * action at load, and for default-allow decisions at evaluation; an exception is a policy
     * error at load and a DENY at evaluation.
     */
    public Builder actionRisk(Function<String, RiskLevel> actionRisk) {
      once(this.actionRisk, "actionRisk");
      this.actionRisk = Objects.requireNonNull(actionRisk, "actionRisk");
      return this;
    }

    /** Where providers are discovered (default {@link ProviderLoader#serviceLoader()}). */
    public Builder providerLoader(ProviderLoader loader) {
      once(providerLoader, "providerLoader");
      this.providerLoader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /** The clock for update events and providers (default the system UTC clock). */
    public Builder clock(Clock clock) {
      once(this.clock, "clock");
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * A configuration property ({@code ape.policy.format}, {@code ape.policy.evaluators}, and
     * whatever providers read). System properties are not read implicitly.
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

    /** Several configuration properties; see {@link #property}. */
    public Builder properties(Map<String, String> values) {
      values.forEach(this::property);
      return this;
    }

    /** A listener, told about the initial load and every later reload. */
    public Builder updateListener(PolicyUpdateListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Loads, validates and compiles the policy and builds the engine.
     *
     * @throws ApeConfigurationException for a missing policy or a provider selection problem
     * @throws PolicyException if the policy cannot be read, parsed or validated
     * @throws io.ape.api.ProviderException if a provider cannot be loaded or fails
     */
    public PolicyEngine build() {
      if (policyFile == null && policy == null) {
        throw new ApeConfigurationException(
            "No policy: call policyFile(path) or policy(policy) before build().");
      }
      Map<String, String> props = new LinkedHashMap<>(properties);
      if (format != null) {
        props.put(PolicyFiles.PARSERS.configKey(), format);
      }
      Clock clk = clock != null ? clock : Clock.systemUTC();
      ProviderSelector selector = new ProviderSelector(
          providerLoader != null ? providerLoader : ProviderLoader.serviceLoader(), props);
      ProviderContext context = new ProviderContext(props, clk);

      List<ConditionOperator> custom = new ArrayList<>(operators);
      if (operatorDiscovery == null || operatorDiscovery) {
        for (ConditionOperatorProvider provider : selector.available(OPERATOR_PROVIDERS)) {
          custom.add(createOperator(provider, context));
        }
      }
      PolicyCompiler compiler = new PolicyCompiler(ConditionOperators.withCustom(custom),
          actionRisk);
      PolicyFiles files = policyFile == null ? null : new PolicyFiles(selector, parser,
          limits != null ? limits : PolicyLimits.defaults(), context);
      CompiledPolicy compiled = compiler.compile(files != null ? files.load(policyFile) : policy);

      List<ExternalEvaluators.Named> named = new ArrayList<>();
      for (PolicyEvaluatorProvider provider : selector.enabled(EVALUATOR_PROVIDERS)) {
        named.add(new ExternalEvaluators.Named(provider.id(), createEvaluator(provider, context)));
      }
      named.addAll(evaluators);
      ExternalEvaluators external = named.isEmpty() ? null : new ExternalEvaluators(named,
          evaluatorTimeout != null ? evaluatorTimeout : Duration.ofSeconds(2),
          evaluatorThreads != null ? evaluatorThreads : 4);

      PolicyEngine engine = new PolicyEngine(policyFile, files, compiler, external, clk, compiled);
      engine.listeners.addAll(listeners);
      if (compiled.policy.isDefaultAllow()) {
        LOG.warn("Policy '{}' loaded from {} (version {}) is DEFAULT ALLOW: every action it does"
            + " not name is allowed", compiled.label, compiled.policy.source().name(),
            compiled.version);
      } else {
        LOG.debug("Policy '{}' loaded from {}: version {}", compiled.label,
            compiled.policy.source().name(), compiled.version);
      }
      engine.notifyListeners(new PolicyUpdateEvent(PolicyUpdateEvent.Kind.LOADED,
          compiled.policy.source().name(), compiled.policy.name(), "", compiled.version,
          clk.instant(), null));
      return engine;
    }

    private static ConditionOperator createOperator(ConditionOperatorProvider provider,
        ProviderContext context) {
      String id = provider.id();
      ConditionOperator op;
      try {
        op = provider.create(context);
      } catch (RuntimeException e) {
        throw new io.ape.api.ProviderException(id, "Condition operator provider '" + id + "' ("
            + provider.getClass().getName() + ") failed to create its operator: " + e, e);
      }
      if (op == null) {
        throw new io.ape.api.ProviderException(id, "Condition operator provider '" + id + "' ("
            + provider.getClass().getName() + ") created no operator (null)");
      }
      if (!id.equals(op.name())) {
        throw new ApeConfigurationException("Condition operator provider '" + id + "' ("
            + provider.getClass().getName() + ") created an operator named '" + op.name()
            + "'; a provider's id must equal its operator's name.");
      }
      return op;
    }

    private static PolicyEvaluator createEvaluator(PolicyEvaluatorProvider provider,
        ProviderContext context) {
      String id = provider.id();
      PolicyEvaluator evaluator;
      try {
        evaluator = provider.create(context);
      } catch (RuntimeException e) {
        throw new io.ape.api.ProviderException(id, "Policy evaluator provider '" + id + "' ("
            + provider.getClass().getName() + ") failed to create its evaluator: " + e, e);
      }
      if (evaluator == null) {
        throw new io.ape.api.ProviderException(id, "Policy evaluator provider '" + id + "' ("
            + provider.getClass().getName() + ") created no evaluator (null)");
      }
      return evaluator;
    }
  }
}
