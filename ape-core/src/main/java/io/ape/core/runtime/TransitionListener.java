package io.ape.core.runtime;

/**
 * Told about every transition after it took effect (e.g. to revoke authority on TERMINATED).
 * A listener cannot undo the transition.
 */
@FunctionalInterface
public interface TransitionListener {
  /** Called after the run moved from {@code from} to {@code to}. */
  void onTransition(RuntimeState from, RuntimeState to);
}
