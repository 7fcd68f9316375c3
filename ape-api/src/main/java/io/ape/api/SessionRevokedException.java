package io.ape.api;

/**
 * The session was revoked.
 *
 * @since 0.1.0
 */
public class SessionRevokedException extends SessionException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public SessionRevokedException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public SessionRevokedException(String message, Throwable cause) {
    super(message, cause);
  }
}
