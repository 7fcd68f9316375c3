package io.ape.agentdojo.tools;

/**
 * A tool call that failed the way the Python tool fails: an exception of type {@link
 * #pythonType()} (e.g. {@code ValueError}) with a message. AgentDojo shows the model {@code
 * "ValueError: message"} and the call stays in the trace.
 *
 * @since 0.2.0
 */
public final class ToolFailure extends Exception {
  private static final long serialVersionUID = 1L;
  private final String pythonType;

  /** A failure of Python type {@code pythonType}. */
  public ToolFailure(String pythonType, String message) {
    super(message);
    this.pythonType = pythonType;
  }

  /** A {@code ValueError}, the benchmark tools' usual failure. */
  public static ToolFailure valueError(String message) {
    return new ToolFailure("ValueError", message);
  }

  /** A {@code KeyError} (a missing dict key in the tool body). */
  public static ToolFailure keyError(String key) {
    return new ToolFailure("KeyError", "'" + key + "'");
  }

  /** The Python exception type. */
  public String pythonType() {
    return pythonType;
  }

  /** {@code "Type: message"}, the text the model sees. */
  public String modelText() {
    return pythonType + ": " + getMessage();
  }
}
