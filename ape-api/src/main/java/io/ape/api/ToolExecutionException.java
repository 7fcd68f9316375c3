package io.ape.api;

/**
 * A tool threw while running under a valid token. The token stays consumed.
 *
 * @since 0.1.0
 */
public class ToolExecutionException extends ApeException {
  private static final long serialVersionUID = 1L;

  private final String actionId;

  /** Wraps the tool's exception. */
  public ToolExecutionException(String actionId, Throwable cause) {
    super("tool for action '" + ActionIds.printable(actionId) + "' failed: "
        + (cause == null ? "unknown error" : cause.getClass().getSimpleName()), cause);
    this.actionId = actionId;
  }

  /** The action whose tool failed. */
  public String actionId() {
    return actionId;
  }
}
