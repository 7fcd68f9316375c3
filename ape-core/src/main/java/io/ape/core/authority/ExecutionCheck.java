package io.ape.core.authority;

import io.ape.api.TokenBinding;

/**
 * A condition the {@link AuthorityManager} re-checks when a token is presented at the gate, under
 * the run's lock, after the token and the action were verified and before the token is consumed
 * (for example "the session is still active"). This is the last point at which a step can be
 * stopped: a check that throws refuses the execution, the token is revoked and the tool does
 * not run. Checks run in the order they were added to the builder.
 */
@FunctionalInterface
public interface ExecutionCheck {
  /**
   * Throws (preferably an {@link io.ape.api.ApeException} saying why) to refuse running the
   * step bound by {@code binding}.
   */
  void check(TokenBinding binding);
}
