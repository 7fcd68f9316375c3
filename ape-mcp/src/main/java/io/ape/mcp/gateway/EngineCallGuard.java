package io.ape.mcp.gateway;

import io.ape.api.ActionDefinition;
import io.ape.api.ApeConfigurationException;
import io.ape.api.ApeException;
import io.ape.api.GuardedCallResult;
import io.ape.api.ProposedCall;
import io.ape.api.TenantMismatchException;
import io.ape.core.actions.ActionRepository;
import io.ape.core.audit.AuditLog;
import io.ape.core.enforcement.EnforcementMode;
import io.ape.core.escalation.DenyAllEscalationResolver;
import io.ape.core.policy.PolicyEngine;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import io.ape.engine.ToolRegistration;
import io.ape.spi.EscalationResolver;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link CallGuard} of the gateway: the engine's guarded call ({@link ApeEngine#call}). Every
 * {@code tools/call}, {@code resources/read} and {@code prompts/get} the gateway forwards is one
 * {@code engine.call(ProposedCall)} in the session of its client connection: intent, schema,
 * per-value provenance labels from the session's tracker, one policy evaluation, escalation
 * (the session's resolver: MCP elicitation when the client supports it, else the engine's),
 * limits, a single-use token, the enforcement gate, the result recorded in the session's tracker
 * as untrusted, and an audit record at every step.
 *
 * <p>What the guard adds to the engine: a tool's JSON input schema is registered as its
 * {@linkplain GatewaySchemas#supported projection onto APE's schema subset} (the upstream server
 * validates the rest); no upstream tool is a trusted source; in OBSERVE mode nobody is asked to
 * approve (escalations are denied at once, then run anyway as every refusal is) and every record
 * a call causes carries {@code enforcement_mode=OBSERVE}; sessions are opened in the engine's
 * tenant only. An engine in {@code DISABLED} mode is refused: the gateway never runs unchecked.
 *
 * <p>Thread-safe. It owns the engine: {@link #close()} closes it.
 *
 * @since 0.2.0
 */
public final class EngineCallGuard implements CallGuard {
  /** The audit detail that marks the records of a call made in OBSERVE mode. */
  static final String MODE_DETAIL = "enforcement_mode";

  private final ApeEngine engine;
  private final boolean observe;
  private final EscalationResolver observeResolver = new DenyAllEscalationResolver();
  private final Set<String> actions = ConcurrentHashMap.newKeySet();

  /**
   * A guard over {@code engine}.
   *
   * @throws ApeConfigurationException if the engine's enforcement mode is {@code DISABLED}
   */
  public EngineCallGuard(ApeEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
    if (engine.enforcementMode() == EnforcementMode.DISABLED) {
      throw new ApeConfigurationException("the gateway does not run with enforcement DISABLED; "
          + "use OBSERVE to decide and audit without blocking");
    }
    this.observe = engine.enforcementMode() == EnforcementMode.OBSERVE;
  }

  /** The engine every call goes through. */
  public ApeEngine engine() {
    return engine;
  }

  @Override
  public PolicyEngine policyEngine() {
    return engine.policyEngine();
  }

  @Override
  public AuditLog audit() {
    return engine.audit();
  }

  @Override
  public boolean observeOnly() {
    return observe;
  }

  @Override
  public void register(GuardedTool tool) {
    Objects.requireNonNull(tool, "tool");
    engine.registerTool(registration(tool));
    actions.add(tool.actionId());
  }

  /**
   * {@inheritDoc}
   *
   * <p>The actions of the batch are added to the engine's action repository first, then the tools
   * are registered, then the policy is compiled again once, so that the rules see every action's
   * risk level (the engine would recompile it, and audit it as a {@code POLICY_RELOADED} of the
   * same version, once per new action). The one recompilation is audited as
   * {@code POLICY_RELOADED} with the detail {@code recompiled_for} (the number of tools).
   */
  @Override
  public Map<String, String> registerAll(List<GuardedTool> tools) {
    Map<String, String> refused = new LinkedHashMap<>();
    int defined = 0;
    for (GuardedTool t : tools) {
      try {
        ToolRegistration r = registration(t);
        if (define(r)) {
          defined++;
        }
        engine.registerTool(r);
        actions.add(t.actionId());
      } catch (ApeException e) {
        refused.put(t.toolId(), e.getMessage());
      }
    }
    if (defined > 0) {
      PolicyEngine policies = engine.policyEngine();
      engine.audit().withDetail("recompiled_for", defined + " new action(s)", () -> {
        policies.reload(policies.policy());
        return null;
      });
    }
    return refused;
  }

  private static ToolRegistration registration(GuardedTool tool) {
    return new ToolRegistration(tool.toolId(), tool.actionId(), tool.tool(), tool.riskLevel(),
        GatewaySchemas.supported(tool.parameterSchema()), false);
  }

  /**
   * Adds the registration's action to the repository, as the engine would (the server's
   * description is not copied: it is untrusted text, and the repository's descriptions may reach
   * an intent compiler's prompt); whether it was new.
   */
  private boolean define(ToolRegistration r) {
    ActionRepository repository = engine.actions();
    if (repository.find(r.actionId()).isPresent()) {
      return false; // the engine checks that the registration agrees with it
    }
    try {
      repository.register(ActionDefinition.builder(r.actionId())
          .description("tool '" + r.toolId() + "'")
          .riskLevel(r.riskLevel()).parameterSchema(r.parameterSchema())
          .compatibleTools(List.of(r.toolId())).build());
    } catch (ApeException e) {
      throw new ApeConfigurationException("action '" + r.actionId() + "' of tool '" + r.toolId()
          + "' cannot be added to the action repository: " + e.getMessage(), e);
    }
    return true;
  }

  @Override
  public Session openSession(SessionRequest request) {
    Objects.requireNonNull(request, "request");
    if (!request.tenantId().equals(engine.tenant())) {
      throw new TenantMismatchException(engine.tenant(), request.tenantId(),
          "this gateway serves tenant '" + engine.tenant() + "' only");
    }
    // ENFORCE: the session's intent is the engine's default, every registered action the policy
    // can allow (what the gateway lists). OBSERVE: every registered action, declared by the
    // gateway, so that a call the policy refuses reaches the policy (and runs, observed) instead
    // of stopping at the intent check.
    Set<String> intent = observe ? Set.copyOf(actions) : null;
    EscalationResolver resolver = observe ? observeResolver : request.resolver();
    AgentSession session = engine.openSession(new SessionOptions(request.userId(),
        request.tenantId(), request.ttl(), intent, resolver, request.attributes()));
    return new EngineSession(session);
  }

  @Override
  public GuardedCallResult call(ProposedCall call) {
    return observe
        ? engine.audit().withDetail(MODE_DETAIL, EnforcementMode.OBSERVE.name(), () -> engine.call(call))
        : engine.call(call);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Audited once: the engine records {@code POLICY_RELOADED} (then {@code TOKEN_REVOKED}) or,
   * for a policy that does not load, {@code POLICY_RELOAD_FAILED}; when the engine refuses before
   * reading the file (it is closed, or was built from a policy object), this guard records the
   * {@code POLICY_RELOAD_FAILED}.
   */
  @Override
  public void reloadPolicy() {
    try {
      engine.reloadPolicy();
    } catch (ApeConfigurationException e) {
      AuditLog log = engine.audit();
      try {
        log.record(log.event(io.ape.api.AuditEventType.POLICY_RELOAD_FAILED)
            .policyVersion(engine.policyEngine().policyVersion()).decision(io.ape.api.Outcome.DENY)
            .reason("the policy was not reloaded; the policy in force stays: " + e.getMessage()));
      } catch (RuntimeException a) {
        e.addSuppressed(a);
      }
      throw e;
    }
  }

  @Override
  public void close() {
    engine.close();
  }

  @Override
  public String toString() {
    return "EngineCallGuard[" + engine + (observe ? ", OBSERVE" : "") + "]";
  }

  /** A guard session: an engine session. */
  private record EngineSession(AgentSession session) implements Session {
    @Override
    public String id() {
      return session.id();
    }

    @Override
    public String tenantId() {
      return session.tenantId();
    }

    @Override
    public boolean isActive() {
      return session.isActive();
    }

    @Override
    public Map<String, io.ape.api.Provenance> labels(Map<String, ?> arguments) {
      return session.provenance().label(arguments);
    }

    @Override
    public void close() {
      session.close();
    }

    @Override
    public String toString() {
      return "Session[" + session.reference() + "]";
    }
  }
}
