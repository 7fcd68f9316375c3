package io.ape.api;

/**
 * The session's time to live has passed (seed: {@code SessionExpiredError}).
 *
 * @since 0.1.0
 */
public class SessionExpiredException extends SessionException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public SessionExpiredException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public SessionExpiredException(String message, Throwable cause) {
    super(message, cause);
  }
}
