package io.ape.mcpsdk;

import io.ape.api.ApeException;
import io.ape.api.GuardedCallResult;

/**
 * APE refused a tool call and the guard aborts on refusals ({@code abortOnRefusal}). Its message is the
 * terse text for the model; the full reason is in {@link #result()} and in the audit log.
 *
 * @since 0.2.0
 */
public final class ApeToolRefusedException extends ApeException {
  private static final long serialVersionUID = 1L;

  private final transient GuardedCallResult result;
  private final String toolName;

  /** Creates the exception for a refused call of {@code toolName}. */
  public ApeToolRefusedException(String toolName, GuardedCallResult result) {
    super(result.modelMessage());
    this.toolName = toolName;
    this.result = result;
  }

  /** The refused call's result (status, error, decision, labels, audit correlation id). */
  public GuardedCallResult result() {
    return result;
  }

  /** The tool the model asked for. */
  public String toolName() {
    return toolName;
  }
}
