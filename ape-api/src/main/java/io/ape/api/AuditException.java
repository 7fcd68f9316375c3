package io.ape.api;

/**
 * The audit sink could not record an event; guarded calls fail closed with this error.
 *
 * @since 0.1.0
 */
public class AuditException extends ApeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public AuditException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public AuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
