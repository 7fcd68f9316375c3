package io.ape.core.planning;

import io.ape.api.ActionIds;
import io.ape.api.ActionRequest;
import io.ape.api.CompiledIntent;
import io.ape.api.Decision;
import io.ape.api.Outcome;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.PlanValidationException;
import io.ape.api.PolicyDecisionPoint;
import io.ape.api.Provenance;
import io.ape.api.RequestContext;
import io.ape.core.actions.ActionRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates a model's proposed plan. The proposal is untrusted; a step is accepted only if all
 * of these hold, and every failure of every step is reported:
 * <ul>
 *   <li>its action id is well-formed, known to the repository, not forbidden by the intent and
 *       part of the intent (allowed or escalation-required): a model can never add an action
 *       the intent lacks;</li>
 *   <li>its tool is the one the {@link ToolResolver} binds to the action (a step that names no
 *       tool gets the bound one; naming another tool is an error, WEAK-4), and the repository
 *       considers that tool compatible;</li>
 *   <li>for every parameter the prompt named for the action, the step uses one of the values
 *       the prompt named (a missing one is filled in from the prompt): a model cannot
 *       redirect "read config.json" to another file;</li>
 *   <li>its parameters satisfy the action's schema;</li>
 *   <li>the policy, evaluated with the step's parameters, does not deny it. The parameters'
 *       provenance is USER_TRUSTED only if every value is one the prompt named and the
 *       context's provenance is trusted (never wider than the caller's label), otherwise
 *       EXTERNAL_UNTRUSTED (they came from a model);</li>
 *   <li>if the intent or the policy requires escalation for it, the step is marked as needing
 *       escalation (an unmarked one is an error, WEAK-5);</li>
 *   <li>its tool may follow the previous step's tool ({@code tool_transitions}).</li>
 * </ul>
 * Thread-safe.
 */
public final class PlanValidator {
  private static final Logger LOG = LoggerFactory.getLogger(PlanValidator.class);

  private final ActionRepository repository;
  private final ToolResolver resolver;

  /** A validator for the actions of {@code repository} and the tools of {@code resolver}. */
  public PlanValidator(ActionRepository repository, ToolResolver resolver) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /**
   * Validates a proposal.
   *
   * @param proposal the parsed proposal
   * @param intent the compiled intent the plan must stay inside
   * @param policy the policy the steps are evaluated against
   * @param context tenant and session (the parameter provenance is decided here, per step)
   * @return the validated plan, for the context's tenant
   * @throws PlanValidationException listing every problem
   */
  public Plan validate(PlanProposal proposal, CompiledIntent intent, PolicyDecisionPoint policy,
      RequestContext context) {
    Objects.requireNonNull(proposal, "proposal");
    Objects.requireNonNull(intent, "intent");
    Objects.requireNonNull(policy, "policy");
    RequestContext ctx = context == null ? RequestContext.untrusted() : context;
    if (proposal.steps().isEmpty()) {
      throw new PlanValidationException(List.of("the proposed plan has no steps"),
          "the proposed plan has no steps");
    }
    List<String> errors = new ArrayList<>();
    List<PlanStep> steps = new ArrayList<>();
    List<Integer> escalationSteps = new ArrayList<>();
    String previousTool = null;
    for (ProposedStep step : proposal.steps()) {
      int before = errors.size();
      int i = step.index();
      String action = step.actionId();
      if (!ActionIds.isValid(action)) {
        errors.add("step " + i + ": malformed action id '" + ActionIds.printable(action) + "'");
        continue;
      }
      String at = "step " + i + " (" + action + "): ";
      if (!repository.contains(action)) {
        errors.add(at + "unknown action");
        continue;
      }
      if (intent.forbiddenActions().contains(action)) {
        errors.add(at + "the intent forbids this action");
        continue;
      }
      if (!intent.permits(action)) {
        errors.add(at + "the action is not part of the intent (allowed: "
            + intent.allowedActions() + ", escalation required: " + intent.escalationRequired()
            + ")");
        continue;
      }
      String tool = boundTool(action, at, errors);
      if (tool != null && step.toolId() != null && !step.toolId().equals(tool)) {
        errors.add(at + "tool '" + ActionIds.printable(step.toolId())
            + "' is not the tool bound to the action (expected '" + tool + "')");
      }
      Map<String, Object> parameters = new LinkedHashMap<>(step.parameters());
      boolean allFromPrompt = bindToPrompt(intent, action, parameters, at, errors);
      for (String e : repository.checkParameters(action, parameters)) {
        errors.add(at + e);
      }
      if (errors.size() > before) {
        continue;
      }
      Provenance provenance = Provenance.leastTrusted(ctx.parameterProvenance(),
          allFromPrompt ? Provenance.USER_TRUSTED : Provenance.EXTERNAL_UNTRUSTED);
      boolean escalates = intent.requiresEscalation(action);
      Decision decision = evaluate(policy, ActionRequest.of(action, parameters,
          ctx.withProvenance(provenance)));
      if (decision.outcome() == Outcome.DENY) {
        errors.add(at + "denied by the policy: " + decision.reason());
        continue;
      }
      if (decision.outcome() == Outcome.ESCALATE) {
        escalates = true;
      }
      if (escalates && !step.escalationMarked()) {
        errors.add(at + (decision.outcome() == Outcome.ESCALATE ? "the policy" : "the intent")
            + " requires escalation, but the step is not marked as needing it"
            + " (requires_escalation)");
        continue;
      }
      if (previousTool != null && !transitionAllowed(policy, previousTool, tool)) {
        errors.add(at + "tool '" + tool + "' may not follow tool '" + previousTool
            + "' (tool_transitions)");
        continue;
      }
      if (escalates || step.escalationMarked()) {
        escalationSteps.add(steps.size());
      }
      steps.add(new PlanStep(action, tool, parameters, step.description()));
      previousTool = tool;
    }
    if (!errors.isEmpty()) {
      throw new PlanValidationException(errors, "the proposed plan failed validation: "
          + (errors.size() == 1 ? errors.get(0)
              : errors.size() + " problems, first: " + errors.get(0)));
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put(PlanMetadata.SOURCE, PlanMetadata.LLM_PROPOSAL);
    metadata.put(PlanMetadata.FORMAT, proposal.format().value());
    if (!escalationSteps.isEmpty()) {
      metadata.put(PlanMetadata.ESCALATION_STEPS, escalationSteps);
    }
    return new Plan(ctx.tenantId(), steps, intent.description(), metadata);
  }

  /** The tool bound to the action, or {@code null} after adding an error. */
  String boundTool(String action, String at, List<String> errors) {
    String tool;
    try {
      tool = resolver.toolFor(action);
    } catch (RuntimeException e) {
      LOG.warn("tool resolver failed for action {}", action, e);
      errors.add(at + "the tool resolver failed (" + e.getClass().getSimpleName() + ")");
      return null;
    }
    if (!ActionIds.isValid(tool)) {
      errors.add(at + "the tool resolver bound a malformed tool id '" + ActionIds.printable(tool)
          + "'");
      return null;
    }
    if (!repository.isToolCompatible(action, tool)) {
      errors.add(at + "tool '" + tool + "' is not compatible with the action (compatible: "
          + repository.get(action).compatibleTools() + ")");
      return null;
    }
    return tool;
  }

  /**
   * Fills in and checks the parameters the prompt named. Returns whether every parameter value
   * is one the prompt named.
   */
  private static boolean bindToPrompt(CompiledIntent intent, String action,
      Map<String, Object> parameters, String at, List<String> errors) {
    Map<String, Object> named = intent.parametersFor(action);
    for (Map.Entry<String, Object> e : named.entrySet()) {
      String key = e.getKey();
      if (!parameters.containsKey(key)) {
        parameters.put(key, e.getValue());
      } else if (!intent.alternativesFor(action, key).contains(parameters.get(key))) {
        errors.add(at + "parameter '" + key + "' differs from what the prompt named ("
            + intent.alternativesFor(action, key) + ")");
      }
    }
    if (parameters.isEmpty()) {
      return true;
    }
    for (Map.Entry<String, Object> e : parameters.entrySet()) {
      if (!intent.alternativesFor(action, e.getKey()).contains(e.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static boolean transitionAllowed(PolicyDecisionPoint policy, String from, String to) {
    try {
      return policy.isTransitionAllowed(from, to);
    } catch (RuntimeException e) {
      LOG.warn("tool transition check failed for {} -> {}", from, to, e);
      return false;
    }
  }

  private static Decision evaluate(PolicyDecisionPoint policy, ActionRequest request) {
    try {
      Decision d = policy.evaluate(request);
      if (d != null) {
        return d;
      }
      return Decision.deny(request.actionId(), "the policy returned no decision",
          io.ape.api.DecisionSource.ERROR, "");
    } catch (RuntimeException e) {
      LOG.warn("policy evaluation failed for action {}", request.actionId(), e);
      return Decision.deny(request.actionId(), "policy evaluation failed ("
          + e.getClass().getSimpleName() + ")", io.ape.api.DecisionSource.ERROR, "");
    }
  }
}
