package io.ape.audit;

import io.ape.api.Outcome;
import java.util.Map;
import java.util.Objects;

/**
 * A recorded decision that comes out differently under another policy.
 *
 * @param location the DECISION record
 * @param actionId the action
 * @param tenantId the tenant
 * @param sessionId the session
 * @param parameters the parameters as recorded (redacted values stay redacted)
 * @param before the recorded outcome
 * @param ruleBefore the recorded deciding rule ({@code ""} if none)
 * @param reasonBefore the recorded reason
 * @param after the outcome under the other policy
 * @param ruleAfter the deciding rule under the other policy ({@code ""} if none)
 * @param reasonAfter the reason under the other policy
 */
public record ChangedDecision(RecordLocation location, String actionId, String tenantId,
    String sessionId, Map<String, Object> parameters, Outcome before, String ruleBefore,
    String reasonBefore, Outcome after, String ruleAfter, String reasonAfter) {
  public ChangedDecision {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(actionId, "actionId");
    parameters = io.ape.api.ParameterValues.copyOf(parameters);
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
  }

  /** One line: where, what, before → after. */
  public String describe() {
    return location.describe() + ": " + actionId + " " + before + (ruleBefore.isEmpty() ? ""
        : " (rule " + ruleBefore + ")") + " -> " + after + (ruleAfter.isEmpty() ? ""
        : " (rule " + ruleAfter + ")") + ": " + reasonAfter;
  }
}
