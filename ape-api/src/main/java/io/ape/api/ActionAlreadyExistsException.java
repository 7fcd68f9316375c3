package io.ape.api;

/**
 * An action with that id is already registered.
 *
 * @since 0.1.0
 */
public class ActionAlreadyExistsException extends ActionRepositoryException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public ActionAlreadyExistsException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public ActionAlreadyExistsException(String message, Throwable cause) {
    super(message, cause);
  }
}
