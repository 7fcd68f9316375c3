package io.ape.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.redis.internal.KeyLayout;
import io.ape.spi.state.RevocationEpochs;
import io.ape.spi.state.SessionRecord;
import io.ape.spi.state.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sessions, revocation epochs and single-use claims on a real Redis. */
class RedisSessionsRevocationsClaimsTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00.123456789Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private RedisSharedState state;
  private TestRedis.Inspector redis;
  private String prefix;

  @BeforeEach
  void open() {
    prefix = TestRedis.freshPrefix();
    state = RedisSharedState.connect(RedisStateSettings.of(TestRedis.uri()).withPrefix(prefix),
        clock);
    redis = TestRedis.inspector(TestRedis.uri());
  }

  @AfterEach
  void close() {
    if (redis != null) {
      redis.deleteAll(prefix);
      redis.close();
    }
    if (state != null) {
      state.close();
    }
  }

  private static SessionRecord session(String id) {
    return new SessionRecord(id, "acme", "alice", NOW, NOW.plus(Duration.ofMinutes(30)),
        SessionRecord.Status.ACTIVE);
  }

  @Test
  void aSessionIsStoredFoundAndEndedOnceForGood() {
    SessionStore sessions = state.sessions();
    sessions.create(session("sess-1"));
    assertThat(sessions.find("sess-1")).contains(session("sess-1"));
    assertThat(sessions.find("sess-unknown")).isEmpty();
    assertThatThrownBy(() -> sessions.create(session("sess-1")))
        .isInstanceOf(IllegalStateException.class);

    assertThat(sessions.end("sess-1", SessionRecord.Status.REVOKED)).isTrue();
    assertThat(sessions.end("sess-1", SessionRecord.Status.ENDED)).isFalse();
    assertThat(sessions.find("sess-1").orElseThrow().status())
        .isEqualTo(SessionRecord.Status.REVOKED);
    // ended is final: it cannot be created again while the record is kept
    assertThatThrownBy(() -> sessions.create(session("sess-1")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(sessions.end("sess-unknown", SessionRecord.Status.ENDED)).isFalse();
    assertThatThrownBy(() -> sessions.end("sess-1", SessionRecord.Status.ACTIVE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSessionRecordExpiresAfterItsLifetimePlusTheRetention() {
    state.sessions().create(session("sess-ttl"));
    long ttl = redis.redis().pttl(new KeyLayout(prefix).session("sess-ttl"));
    long expected = Duration.ofMinutes(30).plus(Duration.ofHours(1)).toMillis();
    assertThat(ttl).isBetween(expected - 5_000, expected);
  }

  @Test
  void noKeyCarriesASessionIdOrTenantInClear() {
    state.sessions().create(session("secret-session-id"));
    state.revocations().revokeSession("secret-session-id");
    state.revocations().revokeTenant("acme");
    state.approvals().claim("approval-secret", NOW.plusSeconds(60));
    state.limits().reserve(List.of(new io.ape.spi.state.WindowCharge(
        "session:secret-session-id", Duration.ofMinutes(1), 5)), List.of(), NOW);
    List<String> keys = redis.keys(prefix);
    assertThat(keys).hasSize(5);
    assertThat(keys).noneMatch(k -> k.contains("secret") || k.contains("acme"));
    assertThat(keys).anyMatch(k -> k.contains(":lim:wx:session:60000:"));
  }

  @Test
  void epochsStartAtZeroAndEachScopeAdvancesOnItsOwn() {
    var revocations = state.revocations();
    RevocationEpochs before = revocations.epochs("acme", "s1");
    assertThat(before).isEqualTo(new RevocationEpochs(0, 0, 0));
    assertThat(revocations.revokeSession("s1")).isEqualTo(1);
    assertThat(revocations.epochs("acme", "s1")).isEqualTo(new RevocationEpochs(0, 0, 1));
    assertThat(revocations.epochs("acme", "s2")).isEqualTo(new RevocationEpochs(0, 0, 0));
    assertThat(revocations.revokeTenant("acme")).isEqualTo(1);
    assertThat(revocations.revokeTenant("acme")).isEqualTo(2);
    assertThat(revocations.epochs("other", "s2")).isEqualTo(new RevocationEpochs(0, 0, 0));
    assertThat(revocations.revokeAll()).isEqualTo(1);
    RevocationEpochs now = revocations.epochs("acme", "s1");
    assertThat(now).isEqualTo(new RevocationEpochs(1, 2, 1));
    assertThat(before.stillValidAt(now)).isFalse();
  }

  @Test
  void readingAnEpochRenewsItsExpiry() {
    state.revocations().revokeAll();
    String key = new KeyLayout(prefix).globalEpoch();
    redis.redis().pexpire(key, 10_000);
    state.revocations().epochs("t", "s");
    assertThat(redis.redis().pttl(key)).isGreaterThan(Duration.ofDays(6).toMillis());
  }

  @Test
  void aClaimWinsOnceEvenWhenTheThingClaimedHasExpired() {
    var approvals = state.approvals();
    assertThat(approvals.claim("approval-1", NOW.plusSeconds(60))).isTrue();
    assertThat(approvals.claim("approval-1", NOW.plusSeconds(60))).isFalse();
    // tokens are another ledger: the same reference is a separate claim
    assertThat(state.tokens().claim("approval-1", NOW.plusSeconds(60))).isTrue();
    // an expiry in the past (a clock behind Redis's) is still remembered for the retention
    assertThat(approvals.claim("approval-old", NOW.minusSeconds(3600))).isTrue();
    assertThat(approvals.claim("approval-old", NOW.minusSeconds(3600))).isFalse();
    long ttl = redis.redis().pttl(new KeyLayout(prefix).claim("a", "approval-old"));
    assertThat(ttl).isBetween(Duration.ofMinutes(4).toMillis(), Duration.ofMinutes(5).toMillis());
  }

  @Test
  void ofManyConcurrentClaimsExactlyOneWins() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      for (int round = 0; round < 20; round++) {
        String key = "approval-race-" + round;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Boolean>> claims = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
          claims.add(() -> {
            start.await();
            return state.approvals().claim(key, NOW.plusSeconds(60));
          });
        }
        List<Future<Boolean>> results = new ArrayList<>();
        for (Callable<Boolean> c : claims) {
          results.add(pool.submit(c));
        }
        start.countDown();
        int wins = 0;
        for (Future<Boolean> f : results) {
          wins += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(wins).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
