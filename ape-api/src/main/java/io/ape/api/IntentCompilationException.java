package io.ape.api;

/**
 * A prompt could not be compiled into an intent.
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
