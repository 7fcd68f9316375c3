package io.ape.core.orchestrator;

import io.ape.api.Decision;
import io.ape.api.Labeled;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of one plan step: the decision the policy made for it with its parameters, what
 * happened, and the tool's result (always labelled with its provenance, EXTERNAL_UNTRUSTED for
 * ordinary tools).
 *
 * @param index the step index
 * @param actionId the action
 * @param toolId the tool
 * @param parameters the step's parameters (unmodifiable)
 * @param decision the policy decision with those parameters, or {@code null} if the step was
 *     never evaluated
 * @param status what happened
 * @param result the labelled result if the tool ran, else {@code null}
 * @param message why the step ended as it did ({@code ""} when it ran)
 */
public record StepReport(int index, String actionId, String toolId, Map<String, Object> parameters,
    Decision decision, StepStatus status, Labeled<Object> result, String message) {

  public StepReport {
    Objects.requireNonNull(actionId, "actionId");
    Objects.requireNonNull(toolId, "toolId");
    parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(
        new java.util.LinkedHashMap<>(parameters));
    Objects.requireNonNull(status, "status");
    message = message == null ? "" : message;
  }

  /** The decision, if the step was evaluated. */
  public Optional<Decision> decisionIfAny() {
    return Optional.ofNullable(decision);
  }

  StepReport with(StepStatus newStatus, Decision newDecision, Labeled<Object> newResult,
      String newMessage) {
    return new StepReport(index, actionId, toolId, parameters, newDecision, newStatus, newResult,
        newMessage);
  }
}
