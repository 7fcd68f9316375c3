package io.ape.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ApeConfigurationException;
import io.ape.api.StateUnavailableException;
import io.ape.redis.internal.KeyLayout;
import io.ape.spi.ProviderContext;
import io.ape.spi.state.BudgetCharge;
import io.ape.spi.state.SessionRecord;
import io.ape.spi.state.SharedState;
import io.ape.spi.state.WindowCharge;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis unreachable, too slow, answering an error or evicting keys: every operation throws
 * {@link StateUnavailableException} (the engine's DENY), never answers from anywhere else, and
 * works again once Redis does, without a restart.
 */
class FailClosedTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final WindowCharge WINDOW = new WindowCharge("global", Duration.ofMinutes(1), 5);

  /** Every operation of every interface. */
  private static List<Consumer<SharedState>> everyOperation() {
    List<Consumer<SharedState>> ops = new ArrayList<>();
    ops.add(s -> s.limits().reserve(List.of(WINDOW), List.of(new BudgetCharge("risk:s", 0.1, 1,
        Duration.ofHours(1))), NOW));
    ops.add(s -> s.limits().used(WINDOW, NOW));
    ops.add(s -> s.limits().total("risk:s"));
    ops.add(s -> s.sessions().create(new SessionRecord("s-" + System.nanoTime(), "t", "u", NOW,
        NOW.plusSeconds(60), SessionRecord.Status.ACTIVE)));
    ops.add(s -> s.sessions().find("s"));
    ops.add(s -> s.sessions().end("s", SessionRecord.Status.ENDED));
    ops.add(s -> s.revocations().revokeAll());
    ops.add(s -> s.revocations().revokeTenant("t"));
    ops.add(s -> s.revocations().revokeSession("s"));
    ops.add(s -> s.revocations().epochs("t", "s"));
    ops.add(s -> s.approvals().claim("a", NOW.plusSeconds(60)));
    ops.add(s -> s.tokens().claim("a", NOW.plusSeconds(60)));
    return ops;
  }

  private static void everyOperationThrows(SharedState state, String messagePart) {
    for (Consumer<SharedState> op : everyOperation()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> op.accept(state))
          .isInstanceOf(StateUnavailableException.class)
          .hasMessageContaining(messagePart);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
  }

  @Test
  void anUnreachableRedisRefusesEveryOperation() throws Exception {
    int port = RedisProcess.freePort();
    try (RedisSharedState state = RedisSharedState.connect(
        RedisStateSettings.of("redis://127.0.0.1:" + port), Clock.systemUTC())) {
      everyOperationThrows(state, "redis redis://127.0.0.1:" + port);
      assertThat(state.describe()).contains("127.0.0.1:" + port);
    }
  }

  @Test
  void aRedisThatStartsLaterIsUsedWithoutARestart() throws Exception {
    try (RedisProcess redis = RedisProcess.launch()) {
      redis.kill();
      try (RedisSharedState state = RedisSharedState.connect(RedisStateSettings.of(redis.uri()),
          Clock.systemUTC())) {
        everyOperationThrows(state, "refused");
        redis.start();
        assertThat(eventually(() -> state.revocations().revokeAll())).isEqualTo(1);
      }
    }
  }

  @Test
  void aRedisSlowerThanTheTimeoutIsRefusedAndThenUsedAgain() throws Exception {
    try (RedisProcess redis = RedisProcess.launch();
        RedisSharedState state = RedisSharedState.connect(RedisStateSettings.of(redis.uri())
            .withTimeout(Duration.ofMillis(200)), Clock.systemUTC())) {
      assertThat(state.limits().reserve(List.of(WINDOW), List.of(), NOW).admitted()).isTrue();
      RedisClient client = RedisClient.create(redis.uri());
      try (StatefulRedisConnection<String, String> admin = client.connect();
          StatefulRedisConnection<String, String> waiter = client.connect()) {
        admin.sync().clientPause(1500);
        long start = System.nanoTime();
        assertThatThrownBy(() -> state.limits().reserve(List.of(WINDOW), List.of(), NOW))
            .isInstanceOf(StateUnavailableException.class)
            .hasMessageContaining("did not answer within PT0.2S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        waiter.sync().ping(); // returns when the pause is over
      } finally {
        client.shutdown();
      }
      // a reservation that timed out may still have been counted (the safe direction)
      assertThat(state.limits().used(WINDOW, NOW)).isBetween(1, 2);
      assertThat(state.limits().reserve(List.of(WINDOW), List.of(), NOW).admitted()).isTrue();
    }
  }

  @Test
  void anErrorReplyIsRefused() {
    String prefix = TestRedis.freshPrefix();
    try (RedisSharedState state = RedisSharedState.connect(RedisStateSettings.of(TestRedis.uri())
        .withPrefix(prefix), Clock.systemUTC());
        TestRedis.Inspector redis = TestRedis.inspector(TestRedis.uri())) {
      redis.redis().set(new KeyLayout(prefix).window("global", 60_000, true), "not a set");
      assertThatThrownBy(() -> state.limits().reserve(List.of(WINDOW), List.of(), NOW))
          .isInstanceOf(StateUnavailableException.class)
          .hasMessageContaining("WRONGTYPE");
      redis.redis().hset(new KeyLayout(prefix).session("s"), "tenant", "t");
      assertThatThrownBy(() -> state.sessions().find("s"))
          .isInstanceOf(StateUnavailableException.class)
          .hasMessageContaining("without its user");
      redis.deleteAll(prefix);
    }
  }

  @Test
  void aRedisOutOfMemoryRefusesWritesAndRecovers() throws Exception {
    try (RedisProcess redis = RedisProcess.launch();
        RedisSharedState state = RedisSharedState.connect(RedisStateSettings.of(redis.uri()),
            Clock.systemUTC())) {
      RedisClient client = RedisClient.create(redis.uri());
      try (StatefulRedisConnection<String, String> admin = client.connect()) {
        admin.sync().configSet("maxmemory", "1");
        // (a reservation whose script already removed expired uses is let finish by Redis,
        // which only refuses a script's first write: it still checks its limits atomically)
        assertThatThrownBy(() -> state.approvals().claim("a", NOW.plusSeconds(5)))
            .isInstanceOf(StateUnavailableException.class)
            .hasMessageContaining("OOM");
        assertThatThrownBy(() -> state.revocations().revokeAll())
            .isInstanceOf(StateUnavailableException.class)
            .hasMessageContaining("OOM");
        admin.sync().configSet("maxmemory", "0");
      } finally {
        client.shutdown();
      }
      assertThat(state.approvals().claim("a", NOW.plusSeconds(5))).isTrue();
    }
  }

  @Test
  void aRedisThatMayEvictKeysIsRefusedUnlessAllowed() throws Exception {
    try (RedisProcess redis = RedisProcess.launch("--maxmemory-policy", "allkeys-lru")) {
      assertThatThrownBy(() -> RedisSharedState.connect(RedisStateSettings.of(redis.uri()),
          Clock.systemUTC()))
          .isInstanceOf(ApeConfigurationException.class)
          .hasMessageContaining("maxmemory-policy allkeys-lru")
          .hasMessageContaining("ape.redis.allow-eviction");
      try (RedisSharedState state = RedisSharedState.connect(RedisStateSettings.of(redis.uri())
          .withAllowEviction(true), Clock.systemUTC())) {
        assertThat(state.approvals().claim("a", NOW.plusSeconds(5))).isTrue();
      }
    }
  }

  @Test
  void theProviderIsFoundAndChecksItsConfiguration(@TempDir Path dir) throws Exception {
    var provider = ServiceLoader.load(io.ape.spi.state.SharedStateProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.id().equals("redis")).findFirst()
        .orElseThrow();
    assertThatThrownBy(() -> provider.create(new ProviderContext(Map.of("ape.state", "redis"),
        Clock.systemUTC()))).isInstanceOf(ApeConfigurationException.class)
        .hasMessageContaining("ape.redis.uri");
    assertThatThrownBy(() -> provider.create(new ProviderContext(Map.of("ape.redis.uri",
        "redis://127.0.0.1:1", "ape.redis.timeuot", "1s"), Clock.systemUTC())))
        .isInstanceOf(ApeConfigurationException.class)
        .hasMessageContaining("ape.redis.timeuot");
    assertThatThrownBy(() -> provider.create(new ProviderContext(Map.of("ape.redis.uri",
        "redis://127.0.0.1:1", "ape.redis.timeout", "soon"), Clock.systemUTC())))
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("ape.redis.timeout");
    assertThatThrownBy(() -> provider.create(new ProviderContext(Map.of("ape.redis.uri",
        "redis://127.0.0.1:1", "ape.redis.prefix", "a{b}"), Clock.systemUTC())))
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("ape.redis.prefix");
    assertThatThrownBy(() -> provider.create(new ProviderContext(Map.of("ape.redis.uri",
        "redis://127.0.0.1:1", "ape.redis.password-file", dir.resolve("missing").toString()),
        Clock.systemUTC()))).isInstanceOf(ApeConfigurationException.class)
        .hasMessageContaining("ape.redis.password-file");
    assertThatThrownBy(() -> provider.create(new ProviderContext(Map.of("ape.redis.uri",
        "nonsense://x"), Clock.systemUTC()))).isInstanceOf(ApeConfigurationException.class);
    // a password is never shown
    RedisStateSettings s = RedisStateSettings.fromProperties(Map.of("ape.redis.uri",
        "redis://user:hunter2@127.0.0.1:6379/0"));
    assertThat(s.toString()).doesNotContain("hunter2");
    Path pw = Files.writeString(dir.resolve("pw"), "hunter2\n");
    try (SharedState state = provider.create(new ProviderContext(Map.of("ape.redis.uri",
        "redis://127.0.0.1:1", "ape.redis.password-file", pw.toString(), "ape.redis.timeout",
        "300ms"), Clock.systemUTC()))) {
      assertThat(state.describe()).doesNotContain("hunter2").contains("prefix ape");
      assertThatThrownBy(() -> state.revocations().revokeAll())
          .isInstanceOf(StateUnavailableException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }
  }

  @Test
  void aRedisThatRequiresAPasswordIsReachedWithThePasswordFile(@TempDir Path dir)
      throws Exception {
    try (RedisProcess redis = RedisProcess.launch("--requirepass", "s3cret-pw")) {
      Path pw = Files.writeString(dir.resolve("pw"), "s3cret-pw\n");
      try (RedisSharedState without = RedisSharedState.connect(RedisStateSettings.of(
          redis.uri()), Clock.systemUTC())) {
        assertThatThrownBy(() -> without.revocations().revokeAll())
            .isInstanceOf(StateUnavailableException.class);
      }
      Map<String, String> config = Map.of("ape.redis.uri", redis.uri(),
          "ape.redis.password-file", pw.toString());
      try (RedisSharedState with = RedisSharedState.connect(
          RedisStateSettings.fromProperties(config), Clock.systemUTC())) {
        assertThat(with.revocations().revokeAll()).isEqualTo(1);
      }
    }
  }

  /** Retries a call that fails closed until it succeeds (bounded: 30 s). */
  static <T> T eventually(java.util.function.Supplier<T> call) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    StateUnavailableException last = null;
    while (System.nanoTime() < deadline) {
      try {
        return call.get();
      } catch (StateUnavailableException e) {
        last = e;
        // wait for the next reconnect attempt without sleeping the test thread
        CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(50,
            TimeUnit.MILLISECONDS)).get();
      }
    }
    throw new AssertionError("the state did not recover within 30 s", last);
  }
}
