package io.ape.api;

import java.util.Objects;

/**
 * Everything an authority token is bound to. The enforcement gate refuses a token whose
 * binding differs from the action it is asked to run in any field.
 *
 * @param tenantId tenant
 * @param sessionId session ({@code ""} when none)
 * @param intentVersion SHA-256 of the canonical intent
 * @param planHash SHA-256 of the canonical plan
 * @param stepIndex 0-based plan step
 * @param actionId action id
 * @param toolId tool id
 * @param parametersHash SHA-256 of the canonical parameters
 *
 * @since 0.1.0
 */
public record TokenBinding(
    String tenantId,
    String sessionId,
    String intentVersion,
    String planHash,
    int stepIndex,
    String actionId,
    String toolId,
    String parametersHash) {
  public TokenBinding {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(intentVersion, "intentVersion");
    Objects.requireNonNull(planHash, "planHash");
    if (stepIndex < 0) {
      throw new IllegalArgumentException("stepIndex must be >= 0: " + stepIndex);
    }
    Objects.requireNonNull(actionId, "actionId");
    Objects.requireNonNull(toolId, "toolId");
    Objects.requireNonNull(parametersHash, "parametersHash");
  }
}
