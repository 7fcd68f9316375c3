package io.ape.api;

/**
 * A plan is invalid, was mutated, or cannot be approved.
 *
 * @since 0.1.0
 */
public class PlanException extends ApeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public PlanException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public PlanException(String message, Throwable cause) {
    super(message, cause);
  }
}
