package io.ape.api;

/**
 * Policy narrowing removed every action of a compiled intent.
 */
public class IntentNarrowingException extends IntentCompilationException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public IntentNarrowingException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public IntentNarrowingException(String message, Throwable cause) {
    super(message, cause);
  }
}
