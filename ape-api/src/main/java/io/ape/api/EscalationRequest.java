package io.ape.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What an escalation resolver is asked to approve: exactly this action, with these parameters
 * (and their hash), under this policy version.
 *
 * @param requestId a unique id of this request
 * @param decision the ESCALATE decision being resolved
 * @param binding the binding the token would carry if approved
 * @param parameters the parameters to approve (deep, unmodifiable)
 * @param requestedAt when the request was made
 *
 * @since 0.1.0
 */
public record EscalationRequest(
    String requestId,
    Decision decision,
    TokenBinding binding,
    Map<String, Object> parameters,
    Instant requestedAt) {
  public EscalationRequest {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(binding, "binding");
    parameters = ParameterValues.copyOf(parameters);
    Objects.requireNonNull(requestedAt, "requestedAt");
  }

  /** The action id. */
  public String actionId() {
    return binding.actionId();
  }

  /** The SHA-256 of the canonical parameters the approval is bound to. */
  public String parametersHash() {
    return binding.parametersHash();
  }

  /** The policy version the approval is bound to. */
  public String policyVersion() {
    return decision.policyVersion();
  }
}
