package io.ape.core.authority;

import io.ape.api.TokenBinding;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The right to run one plan step, obtained only by consuming a valid token with {@link
 * AuthorityManager#beginExecution}. The enforcement gate runs the tool with {@link
 * #parameters()} (the token's bound parameters) and then reports the result; a successful step
 * lets the next one be authorised.
 *
 * <p>Thread-safe; only the first {@link #succeeded()} or {@link #failed()} counts.
 */
public final class StepExecution {
  private final AuthorityManager manager;
  private final Object progress;
  private final TokenBinding binding;
  private final Map<String, Object> parameters;
  private final String tokenRef;
  private final AtomicBoolean finished = new AtomicBoolean();

  StepExecution(AuthorityManager manager, Object progress, TokenBinding binding,
      Map<String, Object> parameters, String tokenRef) {
    this.manager = manager;
    this.progress = progress;
    this.binding = binding;
    this.parameters = parameters;
    this.tokenRef = tokenRef;
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

  /** Reports that the tool ran successfully: the next step may now be authorised. */
  public void succeeded() {
    if (finished.compareAndSet(false, true)) {
      manager.finish(progress, binding.stepIndex(), true);
    }
  }

  /** Reports that the tool failed: the step stays unfinished and may be retried with a new token. */
  public void failed() {
    if (finished.compareAndSet(false, true)) {
      manager.finish(progress, binding.stepIndex(), false);
    }
  }

  @Override
  public String toString() {
    return "StepExecution[step=" + binding.stepIndex() + ", action=" + binding.actionId()
        + ", token=" + tokenRef + "]";
  }
}
