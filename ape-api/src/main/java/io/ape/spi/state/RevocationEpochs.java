package io.ape.spi.state;

/**
 * The revocation epochs authority was issued under; it stays valid while none has advanced.
 *
 * @param global the epoch of everything
 * @param tenant the tenant's epoch
 * @param session the session's epoch
 * @since 0.2.0
 */
public record RevocationEpochs(long global, long tenant, long session) {
  /** {@code true} if {@code now} has advanced none of these epochs. */
  public boolean stillValidAt(RevocationEpochs now) {
    return now.global == global && now.tenant == tenant && now.session == session;
  }
}
