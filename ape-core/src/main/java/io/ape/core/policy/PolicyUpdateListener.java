package io.ape.core.policy;

/**
 * Told when a {@link PolicyEngine}'s policy is loaded, replaced, or fails to be replaced.
 *
 * <p>Called synchronously on the thread that loads or reloads, in order, while no other reload
 * can run; keep it short. An exception thrown by a listener is logged and does not affect the
 * engine or the other listeners. Typical use: revoke every outstanding authority token after a
 * successful reload (DAE §3.8), audit every load.
 */
@FunctionalInterface
public interface PolicyUpdateListener {
  /** Called once per load, reload or failed reload. */
  void onPolicyUpdate(PolicyUpdateEvent event);
}
