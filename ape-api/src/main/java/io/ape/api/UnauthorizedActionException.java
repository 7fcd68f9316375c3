package io.ape.api;

/**
 * An action was attempted without the authority the runtime requires.
 *
 * @since 0.1.0
 */
public class UnauthorizedActionException extends AuthorityException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public UnauthorizedActionException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public UnauthorizedActionException(String message, Throwable cause) {
    super(message, cause);
  }
}
