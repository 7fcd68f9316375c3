package io.ape.api;

/**
 * A policy could not be loaded, parsed or validated.
 *
 * @since 0.1.0
 */
public class PolicyException extends ApeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public PolicyException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public PolicyException(String message, Throwable cause) {
    super(message, cause);
  }
}
