package io.ape.api;

/**
 * Untrusted data tried to create, widen or approve authority.
 *
 * @since 0.1.0
 */
public class ProvenanceException extends ApeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public ProvenanceException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public ProvenanceException(String message, Throwable cause) {
    super(message, cause);
  }
}
