package io.ape.api;

/**
 * An intent is invalid or cannot be changed now.
 *
 * @since 0.1.0
 */
public class IntentException extends ApeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public IntentException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public IntentException(String message, Throwable cause) {
    super(message, cause);
  }
}
