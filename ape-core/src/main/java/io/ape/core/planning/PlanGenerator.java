package io.ape.core.planning;

import io.ape.api.ActionIds;
import io.ape.api.CompiledIntent;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.PlanValidationException;
import io.ape.api.PolicyDecisionPoint;
import io.ape.api.RequestContext;
import io.ape.core.actions.ActionRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the plan for a compiled intent, and turns a model's proposed plan into a validated
 * one.
 *
 * <p>{@link #generate} makes one step per action of the intent, in the order the prompt named
 * them (escalation actions included and marked, never dropped); the tool is the one the
 * {@link ToolResolver} binds to the action; the parameters are the values the prompt named
 * merged with the caller's (the caller's win), validated against the action's schema.
 *
 * <p>{@link #fromModelOutput} parses a model's output ({@link LlmPlanParser}) and validates it
 * ({@link PlanValidator}): a model's plan can never add an action the intent lacks, swap the
 * tool of an action, use an escalation action without marking it, or pass parameters the
 * schema or the policy rejects.
 *
 * <p>Immutable and thread-safe.
 */
public final class PlanGenerator {
  private final ActionRepository repository;
  private final ToolResolver resolver;
  private final LlmPlanParser parser;
  private final PlanValidator validator;

  /** A generator whose actions are performed by the same-named tools. */
  public PlanGenerator(ActionRepository repository) {
    this(repository, ToolResolver.identity());
  }

  /** A generator with a tool binding. */
  public PlanGenerator(ActionRepository repository, ToolResolver resolver) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.parser = new LlmPlanParser(repository);
    this.validator = new PlanValidator(repository, resolver);
  }

  /** {@link #generate(CompiledIntent, Map, String)} for the default tenant. */
  public Plan generate(CompiledIntent intent, Map<String, ? extends Map<String, ?>> parameters) {
    return generate(intent, parameters, RequestContext.DEFAULT_TENANT);
  }

  /**
   * The plan for a compiled intent.
   *
   * @param intent the compiled intent
   * @param parameters per action id, parameters that complete or replace the values the prompt
   *     named ({@code null} or empty for none); only actions of the intent may appear
   * @param tenantId the tenant the plan belongs to
   * @throws PlanValidationException listing every problem: parameters for an action outside
   *     the intent, schema violations, a tool binding that is malformed or incompatible
   */
  public Plan generate(CompiledIntent intent, Map<String, ? extends Map<String, ?>> parameters,
      String tenantId) {
    Objects.requireNonNull(intent, "intent");
    Objects.requireNonNull(tenantId, "tenantId");
    Map<String, ? extends Map<String, ?>> given = parameters == null ? Map.of() : parameters;
    List<String> errors = new ArrayList<>();
    for (String action : given.keySet()) {
      if (!intent.permits(action)) {
        errors.add("parameters are given for action '" + ActionIds.printable(action)
            + "', which the intent does not permit");
      }
    }
    List<String> tools = new ArrayList<>();
    List<Map<String, Object>> stepParameters = new ArrayList<>();
    List<Integer> escalationSteps = new ArrayList<>();
    for (String action : intent.actions()) {
      int index = tools.size();
      String at = "step " + index + " (" + action + "): ";
      tools.add(validator.boundTool(action, at, errors));
      Map<String, Object> merged = new LinkedHashMap<>(intent.parametersFor(action));
      Map<String, ?> own = given.get(action);
      if (own != null) {
        merged.putAll(own);
      }
      for (String e : repository.checkParameters(action, merged)) {
        errors.add(at + e);
      }
      stepParameters.add(merged);
      if (intent.requiresEscalation(action)) {
        escalationSteps.add(index);
      }
    }
    if (!errors.isEmpty()) {
      throw new PlanValidationException(errors, "the plan for the intent is invalid: "
          + (errors.size() == 1 ? errors.get(0)
              : errors.size() + " problems, first: " + errors.get(0)));
    }
    List<PlanStep> steps = new ArrayList<>();
    for (int i = 0; i < tools.size(); i++) {
      String action = intent.actions().get(i);
      steps.add(new PlanStep(action, tools.get(i), stepParameters.get(i),
          repository.get(action).description()));
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put(PlanMetadata.SOURCE, PlanMetadata.GENERATOR);
    if (!escalationSteps.isEmpty()) {
      metadata.put(PlanMetadata.ESCALATION_STEPS, escalationSteps);
    }
    return new Plan(tenantId, steps, intent.description(), metadata);
  }

  /** Parses a model's output without validating it. */
  public PlanProposal parse(String modelOutput) {
    return parser.parse(modelOutput);
  }

  /**
   * Validates a parsed proposal against the intent, the policy (evaluated with each step's
   * parameters) and the action schemas.
   *
   * @throws PlanValidationException listing every problem
   */
  public Plan validate(PlanProposal proposal, CompiledIntent intent, PolicyDecisionPoint policy,
      RequestContext context) {
    return validator.validate(proposal, intent, policy, context);
  }

  /**
   * Parses and validates a model's proposed plan.
   *
   * @throws io.ape.api.PlanParseException if no plan can be read from the output
   * @throws PlanValidationException listing every problem of the plan
   */
  public Plan fromModelOutput(String modelOutput, CompiledIntent intent,
      PolicyDecisionPoint policy, RequestContext context) {
    return validator.validate(parser.parse(modelOutput), intent, policy, context);
  }
}
