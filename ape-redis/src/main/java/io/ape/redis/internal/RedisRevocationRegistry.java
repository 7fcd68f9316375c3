package io.ape.redis.internal;

import io.ape.api.StateUnavailableException;
import io.ape.spi.state.RevocationEpochs;
import io.ape.spi.state.RevocationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@link RevocationRegistry} on Redis: one counter per scope ({@code INCR}), all in the
 * {@code {prefix}} slot, so that {@link #epochs} reads the global, tenant and session epochs in
 * one script, one round trip. Nothing is cached: a revocation is seen by every read that starts
 * after it returned, on every instance.
 *
 * <p>An epoch is kept for {@code ttl} after it was last advanced or read (reading renews it), so
 * an epoch in use never expires; {@code ttl} must be at least the longest lifetime of authority
 * captured under an epoch (sessions, tokens). An epoch that did expire reads as 0, which refuses
 * whatever was captured under a later epoch (fail closed).
 */
public final class RedisRevocationRegistry implements RevocationRegistry {
  private final RedisGateway redis;
  private final KeyLayout keys;
  private final String ttl;

  /** A registry on {@code redis}. */
  public RedisRevocationRegistry(RedisGateway redis, KeyLayout keys, Duration ttl) {
    this.redis = redis;
    this.keys = keys;
    this.ttl = Long.toString(ttl.toMillis());
  }

  @Override
  public long revokeAll() {
    return revoke(keys.globalEpoch());
  }

  @Override
  public long revokeTenant(String tenant) {
    return revoke(keys.tenantEpoch(Objects.requireNonNull(tenant, "tenant")));
  }

  @Override
  public long revokeSession(String session) {
    return revoke(keys.sessionEpoch(Objects.requireNonNull(session, "session")));
  }

  private long revoke(String key) {
    Long v = redis.script("revoke", Script.REVOKE, new String[] {key}, ttl);
    if (v == null) {
      throw new StateUnavailableException(redis.describe() + " did not return the new epoch");
    }
    return v;
  }

  @Override
  public RevocationEpochs epochs(String tenant, String session) {
    List<Object> r = redis.script("epochs", Script.EPOCHS, new String[] {keys.globalEpoch(),
        keys.tenantEpoch(Objects.requireNonNull(tenant, "tenant")),
        keys.sessionEpoch(Objects.requireNonNull(session, "session"))}, ttl);
    if (r == null || r.size() != 3 || !(r.get(0) instanceof Long) || !(r.get(1) instanceof Long)
        || !(r.get(2) instanceof Long)) {
      throw new StateUnavailableException(redis.describe() + " answered the epochs with " + r
          + "; the call is refused");
    }
    return new RevocationEpochs((Long) r.get(0), (Long) r.get(1), (Long) r.get(2));
  }
}
