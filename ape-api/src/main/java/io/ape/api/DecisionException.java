package io.ape.api;

import java.util.Objects;

/**
 * Base of the exceptions that enforcing calls throw for a non-ALLOW {@link Decision}.
 *
 * @since 0.1.0
 */
public abstract class DecisionException extends ApeException {
  private static final long serialVersionUID = 1L;

  private final transient Decision decision;

  protected DecisionException(Decision decision) {
    super(Objects.requireNonNull(decision, "decision").reason());
    this.decision = decision;
  }

  /** The decision that was enforced. */
  public Decision decision() {
    return decision;
  }

  /** The action id. */
  public String actionId() {
    return decision.actionId();
  }

  /** The reason of the decision. */
  public String reason() {
    return decision.reason();
  }
}
