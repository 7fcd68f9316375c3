package io.ape.core.authority;

import io.ape.api.AuthorityToken;
import java.util.Objects;

/**
 * The enforcement gate's exclusive right to run the steps of one {@link AuthorityManager}: only
 * with it can a token be exchanged for a {@link StepExecution} and a step be reported finished.
 * {@link AuthorityManager#bindGate()} hands it out once, to the gate built on the manager; code
 * that holds the manager but not the key cannot consume a token or unlock the next step without
 * the step's tool running through the gate.
 *
 * @since 0.2.0
 */
public final class GateKey {
  private final AuthorityManager authority;

  GateKey(AuthorityManager authority) {
    this.authority = authority;
  }

  /** The manager this key opens. */
  public AuthorityManager authority() {
    return authority;
  }

  /**
   * Verifies and consumes {@code token} for the run's next step and marks the step running (see
   * {@link io.ape.core.internal.run.TokenVerifier} for every check).
   *
   * @param action the action presented with the token, or {@code null} to run exactly what the
   *     token authorises; when given, it must match the token in every field
   * @throws io.ape.api.AuthorityException (a subclass saying why) if the token is refused
   * @throws io.ape.api.RuntimeStateException if the run is not EXECUTING
   */
  public StepExecution begin(AuthorityToken token, Action action) {
    return authority.begin(this, token, action);
  }

  /**
   * Reports that the step's tool returned ({@code succeeded}: the next step may now be
   * authorised) or threw (the step stays unfinished and may be retried with a new token). Only
   * the first report of a step counts.
   */
  public void finish(StepExecution step, boolean succeeded) {
    Objects.requireNonNull(step, "step");
    if (step.markFinished()) {
      authority.finish(this, step, succeeded);
    }
  }

  /**
   * Reports that, in OBSERVE mode, step {@code stepIndex} ran unchecked after its issuance was
   * refused: the run moves on to the next step, which is checked again.
   */
  public void observed(int stepIndex) {
    authority.observed(this, stepIndex);
  }

  @Override
  public String toString() {
    return "GateKey[" + authority.tenantId() + "]";
  }
}
