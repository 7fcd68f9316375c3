package io.ape.agentdojo.run;

import java.util.Objects;

/**
 * What became of one proposed tool call.
 *
 * @param status executed, failed in the tool, or refused before the tool ran
 * @param value the tool's result tree when executed ({@code null} otherwise, or for {@code None})
 * @param message the text the model gets back for a failure or refusal ({@code ""} when executed)
 * @param why for a refused call, the operator's view of the refusal (kind, rule, reason), or
 *     {@code null}; never shown to the model
 * @since 0.2.0
 */
public record ToolCallOutcome(Status status, Object value, String message, Why why) {
  /** How the call ended. */
  public enum Status {
    /** The tool ran and returned. */
    EXECUTED,
    /** The tool ran and failed (the Python tool raised). */
    FAILED,
    /** The call was refused and the tool did not run. */
    REFUSED
  }

  /**
   * Why a call was refused, as an operator (not the model) sees it.
   *
   * @param kind the kind of refusal, e.g. {@code DENIED} or {@code ESCALATION_DENIED}
   * @param rule the rule that decided (its id), or how the decision was reached when no rule did
   *     (e.g. {@code NO_RULE_MATCHED}, {@code DEFAULT}, {@code INTENT}); never {@code null}
   * @param reason the full reason
   * @param labels the provenance label each argument was judged with (e.g. {@code recipient} ->
   *     {@code EXTERNAL_UNTRUSTED}), empty if the caller has none
   * @since 0.2.0
   */
  public record Why(String kind, String rule, String reason, java.util.Map<String, String> labels) {
    public Why {
      kind = kind == null ? "" : kind;
      rule = rule == null ? "" : rule;
      reason = reason == null ? "" : reason;
      labels = labels == null ? java.util.Map.of()
          : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
    }

    /** A reason without labels. */
    public Why(String kind, String rule, String reason) {
      this(kind, rule, reason, null);
    }
  }

  public ToolCallOutcome {
    Objects.requireNonNull(status, "status");
    message = message == null ? "" : message;
    if (status != Status.EXECUTED && value != null) {
      throw new IllegalArgumentException("only an executed call has a value");
    }
    if (status != Status.REFUSED && why != null) {
      throw new IllegalArgumentException("only a refused call has a refusal reason");
    }
  }

  /** An outcome without a refusal reason. */
  public ToolCallOutcome(Status status, Object value, String message) {
    this(status, value, message, null);
  }

  /** An executed call. */
  public static ToolCallOutcome executed(Object value) {
    return new ToolCallOutcome(Status.EXECUTED, value, "");
  }

  /** A call the tool failed. */
  public static ToolCallOutcome failed(String message) {
    return new ToolCallOutcome(Status.FAILED, null, message);
  }

  /** A refused call. */
  public static ToolCallOutcome refused(String message) {
    return new ToolCallOutcome(Status.REFUSED, null, message);
  }

  /** A refused call, with the operator's view of why. */
  public static ToolCallOutcome refused(String message, Why why) {
    return new ToolCallOutcome(Status.REFUSED, null, message, why);
  }

  /** {@code true} when the call reached the tool (executed or failed). */
  public boolean reachedTool() {
    return status != Status.REFUSED;
  }
}
