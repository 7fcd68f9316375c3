package io.ape.api;

/**
 * The token's time to live has passed.
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
