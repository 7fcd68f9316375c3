package io.ape.api;

/**
 * The token was revoked (intent or plan change, policy reload, session end, explicit revoke).
 *
 * @since 0.1.0
 */
public class TokenRevokedException extends AuthorityException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public TokenRevokedException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public TokenRevokedException(String message, Throwable cause) {
    super(message, cause);
  }
}
