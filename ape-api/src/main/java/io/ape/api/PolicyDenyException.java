package io.ape.api;

/**
 * An enforcing call met a DENY (seed: {@code PolicyDenyError}). Carries the {@link Decision}.
 *
 * @since 0.1.0
 */
public class PolicyDenyException extends DecisionException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for a DENY decision. */
  public PolicyDenyException(Decision decision) {
    super(decision);
  }
}
