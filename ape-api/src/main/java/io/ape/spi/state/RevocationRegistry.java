package io.ape.spi.state;

/**
 * Revocation by epochs: revoking everything, a tenant or a session advances that scope's epoch;
 * authority captured under older epochs is refused. Epochs only grow: each revocation returns a
 * value no earlier revocation of the scope returned (also under concurrency), the next
 * {@link #epochs} read sees it, and scopes are independent.
 *
 * @since 0.2.0
 */
public interface RevocationRegistry {
  /** Advances the global epoch; returns the new value. */
  long revokeAll();

  /** Advances {@code tenant}'s epoch; returns the new value. */
  long revokeTenant(String tenant);

  /** Advances {@code session}'s epoch; returns the new value. */
  long revokeSession(String session);

  /**
   * The current epochs of everything, {@code tenant} and {@code session}, read together.
   *
   * @throws io.ape.api.StateUnavailableException if the store cannot answer in time
   */
  RevocationEpochs epochs(String tenant, String session);
}
