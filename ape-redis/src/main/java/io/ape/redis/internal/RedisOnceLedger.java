package io.ape.redis.internal;

import io.ape.spi.state.OnceLedger;
import io.lettuce.core.SetArgs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The {@link OnceLedger} on Redis: {@code SET key 1 NX PX ttl}. Redis runs one {@code SET NX} at
 * a time, so of any number of claims of one key, on any number of instances, exactly one sets
 * it.
 *
 * <p>The claim is kept for the time until {@code expiresAt} on this instance's clock plus the
 * retention, as a relative expiry ({@code PX}) rather than an absolute one ({@code PXAT}):
 * an absolute time from an instance whose clock is behind Redis's could lie in Redis's past,
 * and Redis would forget the claim at once, letting the same approval or token be used twice.
 */
public final class RedisOnceLedger implements OnceLedger {
  private final RedisGateway redis;
  private final KeyLayout keys;
  private final String ledger;
  private final Clock clock;
  private final Duration retention;

  /** A ledger named {@code ledger} ({@code a} or {@code t}) on {@code redis}. */
  public RedisOnceLedger(RedisGateway redis, KeyLayout keys, String ledger, Clock clock,
      Duration retention) {
    this.redis = redis;
    this.keys = keys;
    this.ledger = ledger;
    this.clock = clock;
    this.retention = retention;
  }

  @Override
  public boolean claim(String key, Instant expiresAt) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(expiresAt, "expiresAt");
    long left = Math.max(0, Duration.between(clock.instant(), expiresAt).toMillis());
    long ttl = Math.max(1, Math.addExact(left, retention.toMillis()));
    String reply = redis.call("claim", c -> RedisGateway.Awaitable.of(
        c.set(keys.claim(ledger, key), "1", SetArgs.Builder.nx().px(ttl))));
    return "OK".equals(reply);
  }
}
