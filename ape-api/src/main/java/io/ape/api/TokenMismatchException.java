package io.ape.api;

/**
 * The token is bound to another action, tool, step, plan, intent or parameter set.
 *
 * @since 0.1.0
 */
public class TokenMismatchException extends AuthorityException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public TokenMismatchException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public TokenMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
