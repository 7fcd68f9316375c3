package io.ape.api;

import java.util.List;

/**
 * A model's proposed plan could not be parsed. Messages quote at most a short, sanitised
 * prefix of the model output.
 *
 * @since 0.1.0
 */
public class PlanParseException extends PlanValidationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public PlanParseException(String message) {
    super(List.of(message), message);
  }

  /** Creates the exception with a message and a cause. */
  public PlanParseException(String message, Throwable cause) {
    super(List.of(message), message, cause);
  }

  /** Creates the exception with every parse error. */
  public PlanParseException(List<String> errors, String message) {
    super(errors, message);
  }
}
