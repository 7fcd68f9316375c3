package io.ape.api;

/**
 * No session has that id.
 *
 * @since 0.1.0
 */
public class SessionNotFoundException extends SessionException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public SessionNotFoundException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public SessionNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
