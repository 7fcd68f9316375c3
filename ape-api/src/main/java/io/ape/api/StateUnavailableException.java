package io.ape.api;

/**
 * The shared state (rate-limit windows, sessions, revocations, approvals, consumed tokens) could
 * not be read or written in time: unreachable, too slow, or answering an error. Guarded calls
 * fail closed with this error; no local fallback ever loosens a limit.
 *
 * @since 0.2.0
 */
public class StateUnavailableException extends ApeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public StateUnavailableException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public StateUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
