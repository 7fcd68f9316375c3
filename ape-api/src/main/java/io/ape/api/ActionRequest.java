package io.ape.api;

import java.util.Map;
import java.util.Objects;

/**
 * A request to perform one action, as presented to the policy engine.
 *
 * <p>The parameters are deep-copied on construction (see {@link ParameterValues}), so later
 * changes to the caller's map cannot change what was evaluated. The action id is kept exactly
 * as given; a malformed id is not rejected here but denied by the engine.
 *
 * @param actionId the action id, never {@code null}
 * @param parameters the parameters (deep, unmodifiable copy; never {@code null})
 * @param context tenant, session and provenance of the parameters (never {@code null})
 *
 * @since 0.1.0
 */
public record ActionRequest(String actionId, Map<String, Object> parameters, RequestContext context) {
  public ActionRequest {
    Objects.requireNonNull(actionId, "actionId");
    parameters = ParameterValues.copyOf(parameters);
    context = context == null ? RequestContext.untrusted() : context;
  }

  /** A request without parameters, of untrusted provenance, for the default tenant. */
  public static ActionRequest of(String actionId) {
    return new ActionRequest(actionId, Map.of(), RequestContext.untrusted());
  }

  /** A request with parameters of untrusted provenance, for the default tenant. */
  public static ActionRequest of(String actionId, Map<String, ?> parameters) {
    return new ActionRequest(actionId, raw(parameters), RequestContext.untrusted());
  }

  /** A request with parameters and an explicit context. */
  public static ActionRequest of(String actionId, Map<String, ?> parameters, RequestContext context) {
    return new ActionRequest(actionId, raw(parameters), context);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> raw(Map<String, ?> parameters) {
    return (Map<String, Object>) parameters; // copied by the canonical constructor
  }
}
