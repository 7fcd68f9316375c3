package io.ape.agentdojo;

/**
 * Everything that can go wrong while loading or running the benchmark: a missing or malformed
 * data file, a task whose hand translation does not match the data, a tool or argument the
 * benchmark does not know. The message names the file, suite, task or tool concerned.
 *
 * @since 0.2.0
 */
public class AgentDojoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error with a message that says what and where. */
  public AgentDojoException(String message) {
    super(message);
  }

  /** An error caused by another one (an I/O or parse error). */
  public AgentDojoException(String message, Throwable cause) {
    super(message, cause);
  }
}
