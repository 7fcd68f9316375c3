package io.ape.api;

/**
 * The action id is not in the repository.
 *
 * @since 0.1.0
 */
public class ActionNotFoundException extends ActionRepositoryException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public ActionNotFoundException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public ActionNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
