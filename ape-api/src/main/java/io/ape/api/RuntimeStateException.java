package io.ape.api;

/**
 * An illegal state transition, or an operation not allowed in the current state.
 *
 * @since 0.1.0
 */
public class RuntimeStateException extends ApeException {
  private static final long serialVersionUID = 1L;
  private final String currentState;
  private final String attemptedState;


  /** Creates the exception with a message. */
  public RuntimeStateException(String currentState, String attemptedState, String message) {
    super(message);
    this.currentState = currentState;
    this.attemptedState = attemptedState;
  }

  /** Creates the exception with a message and a cause. */
  public RuntimeStateException(String currentState, String attemptedState, String message, Throwable cause) {
    super(message, cause);
    this.currentState = currentState;
    this.attemptedState = attemptedState;
  }

  /** Returns the state the runtime is in. */
  public String currentState() {
    return currentState;
  }

  /** Returns the state or operation attempted. */
  public String attemptedState() {
    return attemptedState;
  }
}
