package io.ape.api;

/**
 * A prompt is empty or maps to no action with enough confidence (seed: {@code IntentAmbiguityError}).
 *
 * @since 0.1.0
 */
public class IntentAmbiguityException extends IntentCompilationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public IntentAmbiguityException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public IntentAmbiguityException(String message, Throwable cause) {
    super(message, cause);
  }
}
