package io.ape.core.escalation;

import io.ape.api.Decision;
import io.ape.api.PolicyDenyException;
import java.util.Objects;

/**
 * An action the policy marked ESCALATE was not approved. The decision is the resulting DENY;
 * {@link #denial()} says which way the escalation failed.
 */
public final class EscalationDeniedException extends PolicyDenyException {
  private static final long serialVersionUID = 1L;
  private final EscalationDenial denial;

  /** Creates the exception. */
  public EscalationDeniedException(Decision decision, EscalationDenial denial) {
    super(decision);
    this.denial = Objects.requireNonNull(denial, "denial");
  }

  /** Which way the escalation failed. */
  public EscalationDenial denial() {
    return denial;
  }
}
