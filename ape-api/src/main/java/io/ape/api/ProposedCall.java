package io.ape.api;

import java.util.Map;
import java.util.Objects;

/**
 * One tool call proposed by an agent framework (a LangChain4j {@code ToolExecutor}, a Spring AI
 * {@code ToolCallback}, an MCP {@code tools/call}), to be run by the engine's guarded call as a
 * one-step plan under the session's declared intent.
 *
 * <p>The parameters are deep-copied on construction (see {@link ParameterValues}). A parameter
 * that {@code provenance} does not name is labelled by the session's {@link ProvenanceTracker};
 * a label given here is the application's own statement about a value it supplied and is taken
 * as given, so adapters never put {@code USER_TRUSTED} here on the model's behalf.
 *
 * @param tenantId the tenant, never {@code null}
 * @param sessionId the engine session the call belongs to, never {@code null}
 * @param actionId the action the policy decides on, never {@code null}
 * @param toolId the registered tool that runs it, never {@code null}
 * @param parameters the arguments (deep, unmodifiable copy)
 * @param provenance labels the caller vouches for, per parameter (copied; may be empty)
 * @since 0.2.0
 */
public record ProposedCall(
    String tenantId,
    String sessionId,
    String actionId,
    String toolId,
    Map<String, Object> parameters,
    Map<String, Provenance> provenance) {

  public ProposedCall {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(actionId, "actionId");
    Objects.requireNonNull(toolId, "toolId");
    parameters = ParameterValues.copyOf(parameters);
    provenance = RequestContext.untrusted().withParameterLabels(provenance).parameterLabels();
  }

  /** A call whose every parameter is labelled by the session's provenance tracker. */
  public static ProposedCall of(String tenantId, String sessionId, String actionId, String toolId,
      Map<String, ?> parameters) {
    @SuppressWarnings("unchecked")
    Map<String, Object> raw = (Map<String, Object>) parameters;
    return new ProposedCall(tenantId, sessionId, actionId, toolId, raw, Map.of());
  }
}
