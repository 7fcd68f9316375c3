package io.ape.api;

/**
 * The token's time to live has passed.
 *
 * @since 0.1.0
 */
public class TokenExpiredException extends AuthorityException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public TokenExpiredException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public TokenExpiredException(String message, Throwable cause) {
    super(message, cause);
  }
}
