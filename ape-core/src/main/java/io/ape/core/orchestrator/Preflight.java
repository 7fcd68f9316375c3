package io.ape.core.orchestrator;

import io.ape.api.ActionRequest;
import io.ape.api.ApeException;
import io.ape.api.CompiledIntent;
import io.ape.api.Decision;
import io.ape.api.EscalationRequiredException;
import io.ape.api.Intent;
import io.ape.api.Outcome;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.PlanValidationException;
import io.ape.api.Provenance;
import io.ape.api.RequestContext;
import io.ape.api.ToolNotRegisteredException;
import io.ape.core.canonical.ApeHashes;
import io.ape.core.internal.pipeline.EngineParts;
import io.ape.core.internal.run.PreDecision;
import io.ape.core.internal.run.StepDecider;
import io.ape.core.planning.PlanMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The plan path's pre-flight: before the first step runs, every step is checked (its action is
 * in the intent, its tool registered, its parameters valid for the action's schema) and decided
 * once; the decision is kept for issuance, which reuses it while it holds.
 */
final class Preflight {
  private final EngineParts parts;
  private final boolean hasResolver;

  Preflight(EngineParts parts, boolean hasResolver) {
    this.parts = parts;
    this.hasResolver = hasResolver;
  }

  /**
   * Checks one step before anything runs and decides it (the step's one evaluation, kept in
   * {@code decided[k]} for issuance); returns the problem, or {@code null}.
   */
  ApeException check(PlanStep step, CompiledIntent intent, Intent runIntent,
      Provenance provenance, String runTenant, CallContext call, PreDecision[] decided, int k) {
    call.lastDecision = null;
    if (!intent.permits(step.actionId())) {
      return new PlanValidationException(List.of("step action '" + step.actionId()
          + "' is not permitted by the intent"), "action '" + step.actionId()
          + "' is not part of the intent");
    }
    if (!parts.tools().isRegistered(step.toolId())) {
      return new ToolNotRegisteredException("no tool is registered as '"
          + step.toolId() + "' (register it with registerTool)");
    }
    try {
      parts.repository().validateParameters(step.actionId(), step.parameters());
    } catch (ApeException e) {
      return e;
    }
    long generation = parts.generation().current();
    RequestContext context = new RequestContext(runTenant, call.sessionId(), provenance, Map.of());
    Decision d = StepDecider.decide(parts.policyEngine(), new ActionRequest(step.actionId(), step.parameters(),
        context), runIntent);
    decided[k] = new PreDecision(step.actionId(), ApeHashes.parametersHash(step.parameters()),
        context, generation, d);
    call.lastDecision = d;
    if (d.outcome() == Outcome.DENY) {
      return StepOutcomes.denyException(d);
    }
    if (d.outcome() == Outcome.ESCALATE && !hasResolver) {
      return new EscalationRequiredException(d);
    }
    return null;
  }

  /**
   * The provenance of each step's parameters: USER_TRUSTED for a generated plan (the prompt and
   * the caller's code), and for a model's plan USER_TRUSTED only where every value is one the
   * prompt named; EXTERNAL_UNTRUSTED otherwise.
   */
  static List<Provenance> parameterProvenance(CompiledIntent intent, Plan plan) {
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

}
