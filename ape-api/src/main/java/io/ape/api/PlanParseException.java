package io.ape.api;

/**
 * A model's proposed plan could not be parsed.
 */
public class PlanParseException extends PlanValidationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public PlanParseException(String message) {
    super(java.util.List.of(message), message);
  }

  /** Creates the exception with a message and a cause. */
  public PlanParseException(String message, Throwable cause) {
    super(java.util.List.of(message), message, cause);
  }
}
