package io.ape.engine;

import io.ape.api.ApeException;

/**
 * A guarded call could not be completed safely because of an unexpected failure inside APE (the
 * cause is attached). The tool did not run, or its result was withheld; the call's status is
 * {@link io.ape.api.CallStatus#FAILED}.
 *
 * @since 0.2.0
 */
public class GuardedCallFailedException extends ApeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public GuardedCallFailedException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public GuardedCallFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
