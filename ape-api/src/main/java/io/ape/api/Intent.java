package io.ape.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the user asked for, as the set of actions it permits: the outer bound of every plan.
 *
 * <p>Immutable deep copy, validated on construction: action ids well-formed
 * ({@link ActionIds}), no duplicates within a list, no action both allowed and forbidden,
 * scope not blank. Bound to one tenant.
 *
 * @param tenantId the tenant this intent belongs to
 * @param allowedActions actions the plan may use
 * @param forbiddenActions actions the plan must not use
 * @param escalationRequired actions the plan may use only after an approved escalation
 * @param scope a short description of the scope (e.g. {@code single_file})
 * @param description free text ({@code ""} if none)
 * @param metadata free-form data (deep, unmodifiable)
 *
 * @since 0.1.0
 */
public record Intent(
    String tenantId,
    List<String> allowedActions,
    List<String> forbiddenActions,
    List<String> escalationRequired,
    String scope,
    String description,
    Map<String, Object> metadata) {

  public Intent {
    Objects.requireNonNull(tenantId, "tenantId");
    allowedActions = checkedIds("allowed_actions", allowedActions);
    forbiddenActions = checkedIds("forbidden_actions", forbiddenActions);
    escalationRequired = checkedIds("escalation_required", escalationRequired);
    Objects.requireNonNull(scope, "scope");
    if (scope.isBlank()) {
      throw new IntentException("intent scope must not be blank");
    }
    description = description == null ? "" : description;
    metadata = ParameterValues.copyOf(metadata);
    List<String> overlap = new ArrayList<>();
    for (String a : allowedActions) {
      if (forbiddenActions.contains(a)) {
        overlap.add(a);
      }
    }
    for (String e : escalationRequired) {
      if (forbiddenActions.contains(e) && !overlap.contains(e)) {
        overlap.add(e);
      }
    }
    if (!overlap.isEmpty()) {
      throw new IntentException("actions cannot be both permitted and forbidden: " + overlap);
    }
  }

  /** An intent for the default tenant with the given allowed actions and scope. */
  public static Intent of(List<String> allowedActions, String scope) {
    return new Intent(RequestContext.DEFAULT_TENANT, allowedActions, List.of(), List.of(), scope,
        "", Map.of());
  }

  /** Whether a plan may use {@code actionId} without escalation. */
  public boolean allows(String actionId) {
    return allowedActions.contains(actionId) && !forbiddenActions.contains(actionId);
  }

  /** Whether a plan may use {@code actionId} at all (allowed, or escalation-required). */
  public boolean permits(String actionId) {
    return !forbiddenActions.contains(actionId)
        && (allowedActions.contains(actionId) || escalationRequired.contains(actionId));
  }

  private static List<String> checkedIds(String field, List<String> ids) {
    Objects.requireNonNull(ids, field);
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (!ActionIds.isValid(id)) {
        throw new IntentException(field + " contains a malformed action id: '"
            + ActionIds.printable(id) + "' (allowed: " + ActionIds.pattern() + ")");
      }
      if (!seen.add(id)) {
        throw new IntentException(field + " contains '" + id + "' twice");
      }
    }
    return List.copyOf(ids);
  }
}
