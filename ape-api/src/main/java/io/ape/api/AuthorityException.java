package io.ape.api;

/**
 * An authority token was refused: missing, forged, expired, consumed, revoked or mismatched.
 *
 * @since 0.1.0
 */
public class AuthorityException extends ApeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public AuthorityException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public AuthorityException(String message, Throwable cause) {
    super(message, cause);
  }
}
