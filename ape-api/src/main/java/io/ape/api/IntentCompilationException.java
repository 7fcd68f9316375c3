package io.ape.api;

/**
 * A prompt could not be compiled into an intent.
 *
 * @since 0.1.0
 */
public class IntentCompilationException extends ApeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public IntentCompilationException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public IntentCompilationException(String message, Throwable cause) {
    super(message, cause);
  }
}
