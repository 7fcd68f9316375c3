package io.ape.spi.state;

import java.time.Instant;

/**
 * Single-use claims: of any number of claims of one key, on any number of instances, exactly one
 * succeeds until the key expires.
 *
 * @since 0.2.0
 */
public interface OnceLedger {
  /**
   * Claims {@code key}.
   *
   * @param key what is used once (an approval id, a token reference)
   * @param expiresAt when the claim may be forgotten (after the thing claimed expires)
   * @return {@code true} for the one claim that wins, {@code false} for every other
   * @throws io.ape.api.StateUnavailableException if the store cannot answer in time
   */
  boolean claim(String key, Instant expiresAt);
}
