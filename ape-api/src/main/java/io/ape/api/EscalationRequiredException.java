package io.ape.api;

/**
 * An enforcing call met an ESCALATE that was not approved (seed:
 * {@code EscalationRequiredError}). Carries the {@link Decision}.
 *
 * @since 0.1.0
 */
public class EscalationRequiredException extends DecisionException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for an ESCALATE decision. */
  public EscalationRequiredException(Decision decision) {
    super(decision);
  }
}
