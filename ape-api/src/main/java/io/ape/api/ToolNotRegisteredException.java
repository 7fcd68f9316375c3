package io.ape.api;

/**
 * No tool is registered under the id a step names.
 *
 * @since 0.1.0
 */
public class ToolNotRegisteredException extends ApeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public ToolNotRegisteredException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public ToolNotRegisteredException(String message, Throwable cause) {
    super(message, cause);
  }
}
