package io.ape.core.state;

import io.ape.spi.state.RevocationEpochs;
import io.ape.spi.state.RevocationRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Revocation epochs in memory. Epochs only grow. At most {@code maxEntries} tenant and session
 * epochs are kept each; past that the oldest scopes are forgotten <em>and the global epoch
 * advances</em>, so that authority captured under a forgotten epoch is refused (fail closed).
 *
 * @since 0.2.0
 */
public final class InMemoryRevocationRegistry implements RevocationRegistry {
  private final int maxEntries;
  private long global;
  private final Map<String, Long> tenants = new LinkedHashMap<>();
  private final Map<String, Long> sessions = new LinkedHashMap<>();

  /** A registry keeping at most {@code maxEntries} tenant and session epochs each (at least 1). */
  public InMemoryRevocationRegistry(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
    }
    this.maxEntries = maxEntries;
  }

  @Override
  public synchronized long revokeAll() {
    return ++global;
  }

  @Override
  public synchronized long revokeTenant(String tenant) {
    return advance(tenants, Objects.requireNonNull(tenant, "tenant"));
  }

  @Override
  public synchronized long revokeSession(String session) {
    return advance(sessions, Objects.requireNonNull(session, "session"));
  }

  @Override
  public synchronized RevocationEpochs epochs(String tenant, String session) {
    return new RevocationEpochs(global, tenants.getOrDefault(tenant, 0L),
        sessions.getOrDefault(session, 0L));
  }

  private long advance(Map<String, Long> epochs, String key) {
    long next = epochs.getOrDefault(key, 0L) + 1;
    epochs.remove(key);
    if (epochs.size() >= maxEntries) {
      String oldest = epochs.keySet().iterator().next();
      epochs.remove(oldest);
      global++;
    }
    epochs.put(key, next);
    return next;
  }
}
