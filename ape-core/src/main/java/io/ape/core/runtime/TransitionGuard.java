package io.ape.core.runtime;

/**
 * A precondition of a transition. A guard can only veto: it throws (preferably an
 * {@link io.ape.api.ApeException}) to refuse the transition, which then does not happen.
 */
@FunctionalInterface
public interface TransitionGuard {
  /** Throws to refuse moving from {@code from} to {@code to}. */
  void check(RuntimeState from, RuntimeState to);
}
