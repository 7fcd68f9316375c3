package io.ape.api;

/**
 * A generated or proposed plan failed validation (seed: {@code PlanValidationError}).
 *
 * @since 0.1.0
 */
public class PlanValidationException extends ApeException {
  private static final long serialVersionUID = 1L;
  private final java.util.List<String> errors;


  /** Creates the exception with a message. */
  public PlanValidationException(java.util.List<String> errors, String message) {
    super(message);
    this.errors = java.util.List.copyOf(errors);
  }

  /** Creates the exception with a message and a cause. */
  public PlanValidationException(java.util.List<String> errors, String message, Throwable cause) {
    super(message, cause);
    this.errors = java.util.List.copyOf(errors);
  }

  /** Returns every validation error. */
  public java.util.List<String> errors() {
    return errors;
  }
}
