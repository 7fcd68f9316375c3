package io.ape.redis;

import io.ape.spi.state.SharedState;
import io.ape.spi.state.SharedStateProvider;
import io.ape.testkit.Providers;
import io.ape.testkit.SharedStateContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis shared state passes the shared-state contract against a real Redis (skipped
 * without one, unless {@code APETEST_REQUIRE_SERVERS=true}, like every test of this module; see
 * {@link TestRedis}), each test under a fresh key prefix; and, as the {@link Outage} capability,
 * a state pointed at a port nothing listens on refuses every operation.
 */
class RedisSharedStateContractTest extends SharedStateContract implements SharedStateContract.Outage {
  private final List<String> prefixes = new CopyOnWriteArrayList<>();

  @Override
  protected SharedState newState(Clock clock) {
    String prefix = TestRedis.freshPrefix();
    prefixes.add(prefix);
    return RedisSharedState.connect(RedisStateSettings.of(TestRedis.uri()).withPrefix(prefix),
        clock);
  }

  @Override
  public SharedState unavailableState(Clock clock) {
    int port;
    try {
      port = RedisProcess.freePort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return RedisSharedState.connect(RedisStateSettings.of("redis://127.0.0.1:" + port), clock);
  }

  @AfterEach
  void deleteKeys() {
    if (prefixes.isEmpty() || !TestRedis.available()) {
      return;
    }
    try (TestRedis.Inspector redis = TestRedis.inspector(TestRedis.uri())) {
      for (String p : prefixes) {
        redis.deleteAll(p);
      }
    }
  }

  @Test
  void theRedisProviderIsRegistered() {
    Providers.load(SharedStateProvider.class, "redis");
  }
}
