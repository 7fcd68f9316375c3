package io.ape.core.internal.run;

import io.ape.core.policy.PolicyEngine;
import io.ape.core.policy.PolicyUpdateEvent;
import io.ape.core.policy.PolicyUpdateListener;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The monotonic generation of the policy in force: it advances on every reload (even one that
 * brings back an earlier policy with the same version digest) and never goes back. Authority
 * is bound to the generation it was decided under and refused under any later one, so that
 * reloading to B and back to A does not revive what A once allowed.
 *
 * <p>Thread-safe. A generation that {@link #follow follows} a {@link PolicyEngine} advances in the
 * engine's reload, after the new policy is in force and before the reload returns; code that
 * reads the generation <em>before</em> it evaluates and binds that reading to the result is
 * therefore never newer than its decision (a reload that races with it makes the authority
 * stale, never fresh).
 *
 * @since 0.2.0
 */
public final class PolicyGeneration {
  private final AtomicLong value = new AtomicLong();

  /** The generation now. */
  public long current() {
    return value.get();
  }

  /** Advances the generation; returns the new one. */
  public long advance() {
    return value.incrementAndGet();
  }

  /**
   * Advances this generation on every successful reload of {@code engine}.
   *
   * @return the listener, to {@link PolicyEngine#removeUpdateListener remove} when done
   */
  public PolicyUpdateListener follow(PolicyEngine engine) {
    PolicyUpdateListener listener = event -> {
      if (event.kind() == PolicyUpdateEvent.Kind.RELOADED) {
        advance();
      }
    };
    engine.addUpdateListener(listener);
    return listener;
  }

  @Override
  public String toString() {
    return "PolicyGeneration[" + value.get() + "]";
  }
}
