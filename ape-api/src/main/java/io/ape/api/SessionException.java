package io.ape.api;

/**
 * A session is unusable.
 *
 * @since 0.1.0
 */
public class SessionException extends ApeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public SessionException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public SessionException(String message, Throwable cause) {
    super(message, cause);
  }
}
