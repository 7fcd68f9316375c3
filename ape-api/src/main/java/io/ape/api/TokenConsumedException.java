package io.ape.api;

/**
 * The token was already used; tokens are single-use.
 *
 * @since 0.1.0
 */
public class TokenConsumedException extends AuthorityException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public TokenConsumedException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public TokenConsumedException(String message, Throwable cause) {
    super(message, cause);
  }
}
