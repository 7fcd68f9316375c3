package io.ape.api;

import java.util.Map;
import java.util.Objects;

/**
 * What the engine's guarded call returns: the tool's result, or a typed refusal.
 *
 * <p>A refusal goes back on two channels: {@link #modelMessage()} is a terse text an adapter
 * hands to the model (no rule ids, no policy internals); {@link #error()} and {@link #decision()}
 * carry the full reason for the application, and the audit log holds it too.
 *
 * @param status how the call ended, never {@code null}
 * @param value the tool's result, labelled; {@code null} unless {@link CallStatus#EXECUTED}
 * @param decision the policy decision, or {@code null} if the call was refused before the policy
 *     was asked
 * @param error why the call did not execute; {@code null} when {@link CallStatus#EXECUTED}
 * @param parameterLabels the provenance label each parameter was judged with (unmodifiable)
 * @param correlationId the audit correlation id of the call, never {@code null}
 * @since 0.2.0
 */
public record GuardedCallResult(
    CallStatus status,
    Labeled<Object> value,
    Decision decision,
    ApeException error,
    Map<String, Provenance> parameterLabels,
    String correlationId) {

  public GuardedCallResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(correlationId, "correlationId");
    parameterLabels = parameterLabels == null ? Map.of() : Map.copyOf(parameterLabels);
    if (status == CallStatus.EXECUTED) {
      Objects.requireNonNull(value, "value of an executed call");
      if (error != null) {
        throw new IllegalArgumentException("an executed call has no error");
      }
    } else {
      Objects.requireNonNull(error, "error of a call that did not execute");
      if (value != null) {
        throw new IllegalArgumentException("a call that did not execute has no value");
      }
    }
  }

  /** {@code true} only when the tool ran and returned. */
  public boolean executed() {
    return status == CallStatus.EXECUTED;
  }

  /** The tool's result, or throws {@link #error()}. */
  public Object valueOrThrow() {
    if (status != CallStatus.EXECUTED) {
      throw error;
    }
    return value.value();
  }

  /**
   * A short text for the model that says the call was refused and what kind of refusal it was,
   * without policy internals (no rule ids, conditions, policy versions or limits).
   */
  public String modelMessage() {
    switch (status) {
      case EXECUTED:
        return "ok";
      case DENIED:
        return "APE denied this tool call: it is not permitted by the security policy.";
      case ESCALATION_DENIED:
        return "APE denied this tool call: it needs a human approval that was not given.";
      case RATE_LIMITED:
        return "APE denied this tool call: a usage limit was reached; try again later.";
      case INVALID:
        return "APE refused this tool call: the call or its arguments are invalid.";
      case TOOL_FAILED:
        return "The tool failed while running.";
      default:
        return "APE refused this tool call: it could not be checked safely.";
    }
  }
}
