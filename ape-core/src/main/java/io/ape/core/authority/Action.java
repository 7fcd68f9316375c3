package io.ape.core.authority;

import io.ape.api.ActionIds;
import io.ape.api.ParameterValues;
import io.ape.api.PlanStep;
import io.ape.api.UnauthorizedActionException;
import io.ape.core.canonical.ApeHashes;
import io.ape.core.canonical.Sha256;
import io.ape.core.plan.ApprovedPlan;
import java.util.Map;
import java.util.Objects;

/**
 * One concrete step to run: an action, its tool and parameters, bound to an intent version, a
 * plan hash and a plan step (the seed's {@code Action}).
 *
 * <p>Immutable: the parameters are deep-copied on construction and their canonical SHA-256 is
 * computed once. Equality covers every field.
 */
public final class Action {
  private final String actionId;
  private final String toolId;
  private final Map<String, Object> parameters;
  private final String intentVersion;
  private final String planHash;
  private final int stepIndex;
  private final String parametersHash;

  /**
   * Creates an action.
   *
   * @throws UnauthorizedActionException if an id is malformed, a version or hash is not a
   *     SHA-256 hex digest, or the step index is negative
   * @throws io.ape.api.ActionParameterException if a parameter value has an unsupported type
   */
  public Action(String actionId, String toolId, Map<String, ?> parameters, String intentVersion,
      String planHash, int stepIndex) {
    if (!ActionIds.isValid(actionId)) {
      throw new UnauthorizedActionException("malformed action id '" + ActionIds.printable(actionId) + "'");
    }
    if (!ActionIds.isValid(toolId)) {
      throw new UnauthorizedActionException("malformed tool id '" + ActionIds.printable(toolId) + "'");
    }
    if (!Sha256.isHexDigest(intentVersion)) {
      throw new UnauthorizedActionException("intent version must be a SHA-256 hex digest");
    }
    if (!Sha256.isHexDigest(planHash)) {
      throw new UnauthorizedActionException("plan hash must be a SHA-256 hex digest");
    }
    if (stepIndex < 0) {
      throw new UnauthorizedActionException("step index must be >= 0: " + stepIndex);
    }
    this.actionId = actionId;
    this.toolId = toolId;
    this.parameters = ParameterValues.copyOf(parameters);
    this.intentVersion = intentVersion;
    this.planHash = planHash;
    this.stepIndex = stepIndex;
    this.parametersHash = ApeHashes.parametersHash(this.parameters);
  }

  /** The action for step {@code stepIndex} of an approved plan, exactly as planned. */
  public static Action forStep(ApprovedPlan plan, int stepIndex) {
    Objects.requireNonNull(plan, "plan");
    if (stepIndex < 0 || stepIndex >= plan.size()) {
      throw new UnauthorizedActionException("plan has no step " + stepIndex + " (it has "
          + plan.size() + " steps)");
    }
    PlanStep s = plan.step(stepIndex);
    return new Action(s.actionId(), s.toolId(), s.parameters(), plan.intentVersion(),
        plan.planHash(), stepIndex);
  }

  /** The action id. */
  public String actionId() {
    return actionId;
  }

  /** The tool id. */
  public String toolId() {
    return toolId;
  }

  /** The parameters (deep, unmodifiable). */
  public Map<String, Object> parameters() {
    return parameters;
  }

  /** The intent version the action is bound to. */
  public String intentVersion() {
    return intentVersion;
  }

  /** The plan hash the action is bound to. */
  public String planHash() {
    return planHash;
  }

  /** The 0-based plan step. */
  public int stepIndex() {
    return stepIndex;
  }

  /** The SHA-256 of the canonical parameters. */
  public String parametersHash() {
    return parametersHash;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Action a && a.stepIndex == stepIndex && a.actionId.equals(actionId)
        && a.toolId.equals(toolId) && a.parametersHash.equals(parametersHash)
        && a.intentVersion.equals(intentVersion) && a.planHash.equals(planHash)
        && a.parameters.equals(parameters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(actionId, toolId, parametersHash, intentVersion, planHash, stepIndex);
  }

  /** Names the action, tool and step; never shows parameter values (they may be secrets). */
  @Override
  public String toString() {
    return "Action[" + actionId + " via " + toolId + ", step " + stepIndex + ", parameters "
        + parametersHash.substring(0, 12) + "…]";
  }
}
