package io.ape.api;

/**
 * An action repository operation failed.
 *
 * @since 0.1.0
 */
public class ActionRepositoryException extends ApeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public ActionRepositoryException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public ActionRepositoryException(String message, Throwable cause) {
    super(message, cause);
  }
}
