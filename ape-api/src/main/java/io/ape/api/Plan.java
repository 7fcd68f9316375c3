package io.ape.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An ordered list of steps, all of which must lie inside the current intent to be approved.
 *
 * <p>Immutable deep copy. Bound to one tenant. An empty plan is valid but executes nothing.
 *
 * @param tenantId the tenant this plan belongs to
 * @param steps the steps, in execution order
 * @param description free text ({@code ""} if none)
 * @param metadata free-form data (deep, unmodifiable)
 *
 * @since 0.1.0
 */
public record Plan(String tenantId, List<PlanStep> steps, String description, Map<String, Object> metadata) {
  public Plan {
    Objects.requireNonNull(tenantId, "tenantId");
    steps = List.copyOf(steps);
    description = description == null ? "" : description;
    metadata = ParameterValues.copyOf(metadata);
  }

  /** A plan for the default tenant. */
  public static Plan of(List<PlanStep> steps) {
    return new Plan(RequestContext.DEFAULT_TENANT, steps, "", Map.of());
  }

  /** The action ids of the steps, in order. */
  public List<String> actionIds() {
    return steps.stream().map(PlanStep::actionId).toList();
  }
}
