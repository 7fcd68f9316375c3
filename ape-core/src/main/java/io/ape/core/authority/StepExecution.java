package io.ape.core.authority;

import io.ape.api.TokenBinding;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The right to run one plan step, obtained only by the run's enforcement gate, by consuming a
 * valid token with its {@link GateKey}. The gate runs the tool with {@link #parameters()} (the
 * token's bound parameters) and reports the end through the same key; nothing else can finish
 * the step.
 *
 * <p>Thread-safe; only the first report of the end counts.
 */
public final class StepExecution {
  private final Object progress;
  private final TokenBinding binding;
  private final Map<String, Object> parameters;
  private final String tokenRef;
  private final boolean compactAudit;
  private final AtomicBoolean finished = new AtomicBoolean();

  StepExecution(Object progress, TokenBinding binding, Map<String, Object> parameters,
      String tokenRef, boolean compactAudit) {
    this.progress = progress;
    this.binding = binding;
    this.parameters = parameters;
    this.tokenRef = tokenRef;
    this.compactAudit = compactAudit;
  }

  /** What the consumed token was bound to. */
  public TokenBinding binding() {
    return binding;
  }

  /** The token's bound parameters: the only parameters the tool may receive. */
  public Map<String, Object> parameters() {
    return parameters;
  }

  /** The consumed token's reference (non-secret). */
  public String tokenRef() {
    return tokenRef;
  }

  /** The plan step. */
  public int stepIndex() {
    return binding.stepIndex();
  }

  /**
   * Whether the step's start is already in the audit log (the compact record of a guarded
   * call), so that the gate records only its end.
   *
   * @since 0.2.0
   */
  public boolean startAudited() {
    return compactAudit;
  }

  Object progress() {
    return progress;
  }

  boolean markFinished() {
    return finished.compareAndSet(false, true);
  }

  @Override
  public String toString() {
    return "StepExecution[step=" + binding.stepIndex() + ", action=" + binding.actionId()
        + ", token=" + tokenRef + "]";
  }
}
