package io.ape.api;

/**
 * The repository is frozen and cannot be changed.
 *
 * @since 0.1.0
 */
public class RepositoryFrozenException extends ActionRepositoryException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public RepositoryFrozenException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public RepositoryFrozenException(String message, Throwable cause) {
    super(message, cause);
  }
}
