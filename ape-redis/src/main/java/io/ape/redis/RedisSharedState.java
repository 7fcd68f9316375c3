package io.ape.redis;

import io.ape.redis.internal.KeyLayout;
import io.ape.redis.internal.RedisGateway;
import io.ape.redis.internal.RedisLimitLedger;
import io.ape.redis.internal.RedisOnceLedger;
import io.ape.redis.internal.RedisRevocationRegistry;
import io.ape.redis.internal.RedisSessionStore;
import io.ape.spi.state.LimitLedger;
import io.ape.spi.state.OnceLedger;
import io.ape.spi.state.RevocationRegistry;
import io.ape.spi.state.SessionStore;
import io.ape.spi.state.SharedState;
import java.time.Clock;
import java.util.Objects;

/**
 * The state several engines share, on Redis (DESIGN "Several instances"): rate-limit windows and
 * risk budgets checked and recorded by one atomic Lua script per reservation, sessions,
 * revocation epochs and single-use claims of approvals and tokens.
 *
 * <p><b>Fail closed.</b> Every operation answers within {@link RedisStateSettings#timeout()} or
 * throws {@link io.ape.api.StateUnavailableException} (Redis unreachable, too slow, answering an
 * error); there is no local fallback. When Redis comes back, operations succeed again without a
 * restart.
 *
 * <p><b>Bounded.</b> Every key has an expiry: windows a little longer than their window, budgets
 * their charge's TTL, sessions their lifetime plus the retention, claims the claimed thing's
 * lifetime plus the retention, epochs {@code revocation-ttl} after their last use.
 *
 * <p>Thread-safe; one connection, shared by every thread. See the ape-redis README for the key
 * layout and what Redis must be configured with (persistence, {@code noeviction}).
 *
 * @since 0.2.0
 */
public final class RedisSharedState implements SharedState {
  private final RedisGateway redis;
  private final RedisStateSettings settings;
  private final LimitLedger limits;
  private final SessionStore sessions;
  private final RevocationRegistry revocations;
  private final OnceLedger approvals;
  private final OnceLedger tokens;

  private RedisSharedState(RedisGateway redis, RedisStateSettings settings, Clock clock) {
    this.redis = redis;
    this.settings = settings;
    KeyLayout keys = new KeyLayout(settings.prefix());
    this.limits = new RedisLimitLedger(redis, keys, settings.exactWindowMax());
    this.sessions = new RedisSessionStore(redis, keys, clock, settings.sessionRetention());
    this.revocations = new RedisRevocationRegistry(redis, keys, settings.revocationTtl());
    this.approvals = new RedisOnceLedger(redis, keys, "a", clock, settings.claimRetention());
    this.tokens = new RedisOnceLedger(redis, keys, "t", clock, settings.claimRetention());
  }

  /**
   * Connects to Redis. A Redis that cannot be reached yet is not an error: operations throw
   * {@link io.ape.api.StateUnavailableException} until it can.
   *
   * @param clock the engine's clock (claim and session expiries are computed with it)
   * @throws io.ape.api.ApeConfigurationException for an invalid URI, an unreadable password file,
   *     or a Redis whose memory policy may evict keys (unless allowed)
   */
  public static RedisSharedState connect(RedisStateSettings settings, Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    return new RedisSharedState(RedisGateway.open(settings), settings, clock);
  }

  /** The settings this state was created with. */
  public RedisStateSettings settings() {
    return settings;
  }

  @Override
  public LimitLedger limits() {
    return limits;
  }

  @Override
  public SessionStore sessions() {
    return sessions;
  }

  @Override
  public RevocationRegistry revocations() {
    return revocations;
  }

  @Override
  public OnceLedger approvals() {
    return approvals;
  }

  @Override
  public OnceLedger tokens() {
    return tokens;
  }

  @Override
  public String describe() {
    return redis.describe() + " (prefix " + settings.prefix() + ")";
  }

  @Override
  public void close() {
    redis.close();
  }
}
