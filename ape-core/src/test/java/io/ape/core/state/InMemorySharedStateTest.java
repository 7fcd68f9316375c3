package io.ape.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ApeConfigurationException;
import io.ape.api.StateUnavailableException;
import io.ape.core.testing.MutableClock;
import io.ape.spi.ProviderContext;
import io.ape.spi.state.RevocationEpochs;
import io.ape.spi.state.SessionRecord;
import io.ape.spi.state.SharedStateProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The built-in memory state: every structure bounded, expiring and failing closed. */
class InMemorySharedStateTest {
  final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));

  @Test
  void theProviderIsRegisteredAsMemoryAndChecksItsKeys() {
    List<String> ids = new ArrayList<>();
    ServiceLoader.load(SharedStateProvider.class).forEach(p -> ids.add(p.id()));
    assertThat(ids).contains("memory");
    InMemorySharedStateProvider p = new InMemorySharedStateProvider();
    assertThat(p.create(new ProviderContext(Map.of("ape.state.memory.max-entries", "5"), clock))
        .describe()).contains("5 entries");
    assertThatThrownBy(() -> p.create(new ProviderContext(
        Map.of("ape.state.memory.max-entries", "lots"), clock)))
        .isInstanceOf(ApeConfigurationException.class);
    assertThatThrownBy(() -> p.create(new ProviderContext(
        Map.of("ape.state.memory.size", "5"), clock)))
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("ape.state.memory.size");
  }

  @Test
  void ofManyConcurrentClaimsOfOneKeyExactlyOneWinsUntilItExpires() throws Exception {
    InMemoryOnceLedger ledger = new InMemoryOnceLedger(clock, 100);
    Instant expiry = clock.instant().plusSeconds(60);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < 32; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return ledger.claim("approval:1", expiry);
        }));
      }
      start.countDown();
      int wins = 0;
      for (Future<Boolean> f : futures) {
        wins += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    clock.advance(Duration.ofSeconds(61));
    assertThat(ledger.claim("approval:1", clock.instant().plusSeconds(1))).isTrue();
    InMemoryOnceLedger full = new InMemoryOnceLedger(clock, 1);
    assertThat(full.claim("a", clock.instant().plusSeconds(10))).isTrue();
    assertThatThrownBy(() -> full.claim("b", clock.instant().plusSeconds(10)))
        .isInstanceOf(StateUnavailableException.class);
  }

  @Test
  void sessionsEndOnceAndAreForgottenAfterTheirGrace() {
    InMemorySessionStore store = new InMemorySessionStore(clock, 10);
    SessionRecord r = new SessionRecord("s-1", "acme", "alice", clock.instant(),
        clock.instant().plusSeconds(60), SessionRecord.Status.ACTIVE);
    store.create(r);
    assertThatThrownBy(() -> store.create(r)).isInstanceOf(IllegalStateException.class);
    assertThat(store.end("s-1", SessionRecord.Status.REVOKED)).isTrue();
    assertThat(store.end("s-1", SessionRecord.Status.ENDED)).isFalse();
    assertThat(store.find("s-1")).get().extracting(SessionRecord::status)
        .isEqualTo(SessionRecord.Status.REVOKED);
    clock.advance(Duration.ofSeconds(60).plus(InMemorySessionStore.GRACE));
    assertThat(store.find("s-1")).isEmpty();
  }

  @Test
  void epochsOnlyGrowAndAForgottenScopeAdvancesTheGlobalEpoch() {
    InMemoryRevocationRegistry reg = new InMemoryRevocationRegistry(1);
    RevocationEpochs before = reg.epochs("acme", "s-1");
    reg.revokeSession("s-1");
    assertThat(before.stillValidAt(reg.epochs("acme", "s-1"))).isFalse();
    RevocationEpochs mid = reg.epochs("acme", "s-2");
    reg.revokeSession("s-3");
    assertThat(mid.stillValidAt(reg.epochs("acme", "s-2"))).isFalse();
    assertThat(reg.revokeAll()).isGreaterThan(mid.global());
  }
}
