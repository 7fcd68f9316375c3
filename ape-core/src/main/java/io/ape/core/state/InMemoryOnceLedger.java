package io.ape.core.state;

import io.ape.api.StateUnavailableException;
import io.ape.spi.state.OnceLedger;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Single-use claims in memory: of any number of concurrent claims of one key exactly one wins
 * until the key expires. At most {@code maxEntries} live claims; expired ones are purged when
 * the ledger fills, and a claim that still finds it full throws
 * {@link StateUnavailableException} (fail closed: nothing is claimed twice).
 *
 * @since 0.2.0
 */
public final class InMemoryOnceLedger implements OnceLedger {
  private final Clock clock;
  private final int maxEntries;
  private final Map<String, Instant> claims = new HashMap<>();

  /** A ledger on {@code clock} with at most {@code maxEntries} live claims (at least 1). */
  public InMemoryOnceLedger(Clock clock, int maxEntries) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
    }
    this.maxEntries = maxEntries;
  }

  @Override
  public synchronized boolean claim(String key, Instant expiresAt) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Instant now = clock.instant();
    Instant held = claims.get(key);
    if (held != null && held.isAfter(now)) {
      return false;
    }
    if (held == null && claims.size() >= maxEntries) {
      claims.values().removeIf(e -> !e.isAfter(now));
      if (claims.size() >= maxEntries) {
        throw new StateUnavailableException("the in-memory claim ledger holds " + maxEntries
            + " live claims, its maximum; the claim is refused (fail closed)");
      }
    }
    claims.put(key, expiresAt.isAfter(now) ? expiresAt : now.plusMillis(1));
    return true;
  }

  /** The number of claims held (including expired ones not yet purged). */
  public synchronized int size() {
    return claims.size();
  }
}
