package io.ape.agentdojo.tools;

/**
 * What one tool call did: returned a value, or failed.
 *
 * @param value the result as a {@link ResultDump} tree; {@code null} when failed (or when the
 *     tool returned {@code None})
 * @param failure the failure, or {@code null} when the tool returned
 * @since 0.2.0
 */
public record ToolResult(Object value, ToolFailure failure) {
  /** {@code true} when the tool returned. */
  public boolean ok() {
    return failure == null;
  }

  /** The text the model sees: Python's {@code str()} style for simple values, the error text for a failure. */
  public String modelText() {
    if (failure != null) {
      return failure.modelText();
    }
    return value == null ? "None" : String.valueOf(value);
  }
}
