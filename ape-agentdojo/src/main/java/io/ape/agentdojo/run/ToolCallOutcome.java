package io.ape.agentdojo.run;

import java.util.Objects;

/**
 * What became of one proposed tool call.
 *
 * @param status executed, failed in the tool, or refused before the tool ran
 * @param value the tool's result tree when executed ({@code null} otherwise, or for {@code None})
 * @param message the text the model gets back for a failure or refusal ({@code ""} when executed)
 * @since 0.2.0
 */
public record ToolCallOutcome(Status status, Object value, String message) {
  /** How the call ended. */
  public enum Status {
    /** The tool ran and returned. */
    EXECUTED,
    /** The tool ran and failed (the Python tool raised). */
    FAILED,
    /** The call was refused and the tool did not run. */
    REFUSED
  }

  public ToolCallOutcome {
    Objects.requireNonNull(status, "status");
    message = message == null ? "" : message;
    if (status != Status.EXECUTED && value != null) {
      throw new IllegalArgumentException("only an executed call has a value");
    }
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

  /** {@code true} when the call reached the tool (executed or failed). */
  public boolean reachedTool() {
    return status != Status.REFUSED;
  }
}
