package io.ape.api;

import java.util.Map;
import java.util.Objects;

/**
 * One step of a plan: an action, the tool that performs it, and its parameters.
 *
 * @param actionId the action (well-formed, see {@link ActionIds})
 * @param toolId the tool that runs it (well-formed, same alphabet)
 * @param parameters the parameters (deep, unmodifiable copy)
 * @param description free text ({@code ""} if none)
 *
 * @since 0.1.0
 */
public record PlanStep(String actionId, String toolId, Map<String, Object> parameters, String description) {
  public PlanStep {
    if (!ActionIds.isValid(actionId)) {
      throw new PlanException("plan step has a malformed action id: '"
          + ActionIds.printable(actionId) + "'");
    }
    if (!ActionIds.isValid(toolId)) {
      throw new PlanException("plan step has a malformed tool id: '"
          + ActionIds.printable(toolId) + "'");
    }
    parameters = ParameterValues.copyOf(parameters);
    description = description == null ? "" : description;
  }

  /** A step whose tool id equals its action id. */
  public static PlanStep of(String actionId, Map<String, ?> parameters) {
    @SuppressWarnings("unchecked")
    Map<String, Object> p = (Map<String, Object>) Objects.requireNonNull(parameters, "parameters");
    return new PlanStep(actionId, actionId, p, "");
  }
}
