package io.ape.engine;

import io.ape.api.ActionDefinition;
import io.ape.api.ApeConfigurationException;
import io.ape.api.ApeException;
import io.ape.api.Outcome;
import io.ape.api.Policy;
import io.ape.api.PolicyView;
import io.ape.api.ProviderException;
import io.ape.api.RiskLevel;
import io.ape.api.Tool;
import io.ape.core.actions.ActionRepository;
import io.ape.core.compiler.PolicyViews;
import io.ape.core.enforcement.ToolHandle;
import io.ape.core.internal.pipeline.EngineParts;
import io.ape.core.policy.PolicyEngine;
import io.ape.spi.ToolAdapter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tools of an {@link ApeEngine}: registration (into the gate's registry, the action into the
 * repository, the policy recompiled when it names a new action), adaptation of framework tools,
 * which tools are trusted sources, and the default intent of a session. Thread-safe.
 */
final class ToolRegistrations {
  /** A registered tool, as the engine knows it (the tool itself is in the gate's registry). */
  record Registered(String toolId, String actionId, boolean trustedSource, ToolHandle handle) {}

  private final EngineParts parts;
  private final Map<String, Registered> registrations = new ConcurrentHashMap<>();
  private final Object registrationLock = new Object();
  private volatile int registrationVersion;
  private volatile DefaultIntent defaultIntent;

  ToolRegistrations(EngineParts parts) {
    this.parts = parts;
  }

  ToolHandle register(ToolRegistration registration) {
    synchronized (registrationLock) {
      String toolId = registration.toolId();
      if (parts.tools().isRegistered(toolId)) {
        throw new ApeConfigurationException("tool '" + toolId + "' is already registered");
      }
      if (registration.trustedSource() && !TrustedSources.lists(parts.policyEngine().policy(), toolId)) {
        throw new ApeConfigurationException("tool '" + toolId + "' is registered as a trusted "
            + "source, but the policy does not list it under trusted_sources (policy "
            + "metadata.trusted_sources); a registration cannot make a tool trusted by itself");
      }
      boolean added = defineAction(registration);
      ToolHandle handle = parts.tools().register(toolId, registration.tool(),
          registration.trustedSource());
      registrations.put(toolId, new Registered(toolId, registration.actionId(),
          registration.trustedSource(), handle));
      registrationVersion++;
      if (added && namedByThePolicy(registration.actionId())) {
        // the policy compiled the risk of an action it names (then unknown: HIGH); the risk is
        // known now. An action the policy does not name has its risk looked up when it is
        // evaluated, so nothing needs recompiling for it.
        parts.recompilePolicy();
      }
      return handle;
    }
  }

  private boolean namedByThePolicy(String actionId) {
    PolicyEngine pe = parts.policyEngine();
    return pe.allowedActions().contains(actionId) || pe.forbiddenActions().contains(actionId)
        || pe.escalationActions().contains(actionId) || pe.ruleActions().contains(actionId);
  }

  Tool adapt(Object frameworkTool) {
    Objects.requireNonNull(frameworkTool, "frameworkTool");
    List<String> tried = new ArrayList<>();
    for (ToolAdapter adapter : parts.adapters()) {
      boolean supports;
      try {
        supports = adapter.supports(frameworkTool);
      } catch (RuntimeException e) {
        throw new ProviderException(adapter.getClass().getName(), "tool adapter "
            + adapter.getClass().getName() + " failed: " + e, e);
      }
      tried.add(adapter.getClass().getName());
      if (supports) {
        Tool tool;
        try {
          tool = adapter.adapt(frameworkTool);
        } catch (ApeException e) {
          throw e;
        } catch (RuntimeException e) {
          throw new ProviderException(adapter.getClass().getName(), "tool adapter "
              + adapter.getClass().getName() + " failed to adapt a "
              + frameworkTool.getClass().getName() + ": " + e, e);
        }
        if (tool == null) {
          throw new ProviderException(adapter.getClass().getName(), "tool adapter "
              + adapter.getClass().getName() + " adapted nothing (null)");
        }
        return tool;
      }
    }
    throw new ApeConfigurationException("no tool adapter supports "
        + frameworkTool.getClass().getName() + " (adapters on the class path: " + tried
        + "); add the adapter module of its framework");
  }

  private boolean defineAction(ToolRegistration r) {
    ActionRepository repo = parts.repository();
    Optional<ActionDefinition> known = repo.find(r.actionId());
    if (known.isPresent()) {
      ActionDefinition d = known.get();
      if (r.riskLevel() != null && r.riskLevel() != d.riskLevel()) {
        throw new ApeConfigurationException("tool '" + r.toolId() + "' declares risk "
            + r.riskLevel() + " for action '" + r.actionId() + "', but the action repository "
            + "defines it as " + d.riskLevel() + "; leave the risk out or make them agree");
      }
      if (r.parameterSchema() != null && !r.parameterSchema().equals(d.parameterSchema())) {
        throw new ApeConfigurationException("tool '" + r.toolId() + "' declares a parameter "
            + "schema for action '" + r.actionId() + "' that differs from the action "
            + "repository's; leave it out or make them agree");
      }
      return false;
    }
    ActionDefinition d = ActionDefinition.builder(r.actionId())
        .description("tool '" + r.toolId() + "'")
        .riskLevel(r.riskLevel() != null ? r.riskLevel() : RiskLevel.HIGH)
        .parameterSchema(r.parameterSchema())
        .compatibleTools(List.of(r.toolId()))
        .build();
    try {
      repo.register(d);
    } catch (ApeException e) {
      throw new ApeConfigurationException("action '" + r.actionId() + "' of tool '"
          + r.toolId() + "' cannot be added to the action repository: " + e.getMessage(), e);
    }
    return true;
  }

  Registered registration(String toolId) {
    return toolId == null ? null : registrations.get(toolId);
  }

  /** Whether results of {@code toolId} are trusted inputs: registered so, and listed now. */
  boolean isTrustedSource(String toolId) {
    Registered r = registration(toolId);
    return r != null && r.trustedSource()
        && TrustedSources.lists(parts.policyEngine().policy(), toolId);
  }

  /**
   * The default intent of a session: the actions of every registered tool that the policy can
   * allow (not forbidden; allowed by a rule, a list or the default — or escalated: the policy
   * still asks for the approval).
   */
  Set<String> defaultIntent() {
    Policy policy = parts.policyEngine().policy();
    int version = registrationVersion;
    DefaultIntent cached = defaultIntent;
    if (cached != null && cached.policy == policy && cached.registrations == version) {
      return cached.actions;
    }
    PolicyView view = PolicyViews.of(policy);
    Set<String> out = new TreeSet<>();
    for (Registered r : registrations.values()) {
      Outcome best;
      try {
        best = view.bestOutcome(r.actionId());
      } catch (RuntimeException e) {
        best = Outcome.DENY;
      }
      if (best != Outcome.DENY) {
        out.add(r.actionId());
      }
    }
    Set<String> actions = Collections.unmodifiableSet(out);
    defaultIntent = new DefaultIntent(policy, version, actions);
    return actions;
  }

  /** The default intent computed for a policy and a state of the registrations. */
  private record DefaultIntent(Policy policy, int registrations, Set<String> actions) {}

}
