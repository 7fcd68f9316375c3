package io.ape.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.spi.state.BudgetCharge;
import io.ape.spi.state.SessionRecord;
import io.ape.spi.state.WindowCharge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many sessions, each with its session record, windows, budget, claims and a revocation: every
 * key has an expiry within a known bound, and once that bound has passed, no key is left.
 */
class KeysAreBoundedTest {
  private static final int SESSIONS = 1000;
  private static final Duration LIFE = Duration.ofSeconds(5);

  @Test
  void everyKeyExpiresAndNothingIsLeftBehind() throws Exception {
    String uri = TestRedis.uri();
    String prefix = TestRedis.freshPrefix();
    RedisStateSettings d = RedisStateSettings.of(uri);
    RedisStateSettings settings = new RedisStateSettings(uri, null, null, prefix, d.timeout(),
        d.connectTimeout(), LIFE, Duration.ofSeconds(1), Duration.ofSeconds(1),
        d.exactWindowMax(), false);
    try (RedisSharedState state = RedisSharedState.connect(settings, Clock.systemUTC());
        TestRedis.Inspector redis = TestRedis.inspector(uri)) {
      long dbBefore = redis.redis().dbsize();
      Instant now = Instant.now();
      WindowCharge global = new WindowCharge("global", LIFE, 1_000_000);
      for (int i = 0; i < SESSIONS; i++) {
        String id = "session-" + i;
        state.sessions().create(new SessionRecord(id, "acme", "user-" + i, now,
            now.plus(LIFE), SessionRecord.Status.ACTIVE));
        assertThat(state.limits().reserve(
            List.of(global, new WindowCharge("session:" + id, LIFE, 5)),
            List.of(new BudgetCharge("risk:" + id, 0.5, 10, LIFE)), now)
            .admitted()).isTrue();
        state.approvals().claim("approval-" + id, now.plus(LIFE));
        state.tokens().claim("token-" + id, now.plus(LIFE));
        state.revocations().revokeSession(id);
        state.revocations().epochs("acme", id);
        state.sessions().end(id, SessionRecord.Status.ENDED);
      }
      List<String> keys = redis.keys(prefix);
      // per session: record, session window, budget, approval, token, session epoch; + global
      assertThat(keys).hasSize(SESSIONS * 6 + 1);
      // the longest: a bucketed window (5 s + one bucket + 1 s margin), a claim (5 s + 1 s)
      long bound = LIFE.plusSeconds(2).toMillis();
      for (String key : keys) {
        assertThat(redis.redis().pttl(key)).as("TTL of %s", key).isBetween(1L, bound);
      }
      System.out.printf("%d keys for %d sessions, DBSIZE %d -> %d%n", keys.size(), SESSIONS,
          dbBefore, redis.redis().dbsize());

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      int left = keys.size();
      while (left > 0 && System.nanoTime() < deadline) {
        redis.redis().blpop(0.2, prefix + ":never-pushed"); // waits 200 ms in Redis
        left = redis.keys(prefix).size();
      }
      assertThat(left).as("keys left after every expiry passed").isZero();
      assertThat(redis.redis().dbsize()).isLessThanOrEqualTo(dbBefore);
    }
  }
}
