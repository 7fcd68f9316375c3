package io.ape.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.RateLimitExceededException;
import io.ape.api.RiskLevel;
import io.ape.api.SessionException;
import io.ape.api.SessionExpiredException;
import io.ape.api.SessionNotFoundException;
import io.ape.api.SessionRevokedException;
import io.ape.api.TenantMismatchException;
import io.ape.core.ratelimit.RateLimiter;
import io.ape.core.testing.MutableClock;
import java.time.Instant;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionManagerTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T10:00:00Z"));
  private final List<String> events = new ArrayList<>();
  private final SessionListener recorder = new SessionListener() {
    @Override
    public void sessionStarted(Session session) {
      events.add("started " + session.userId());
    }

    @Override
    public void sessionEnded(Session session, SessionEndReason reason) {
      events.add("ended " + session.userId() + " " + reason);
    }
  };

  private SessionManager.Builder manager() {
    return SessionManager.builder().clock(clock).listener(recorder);
  }

  @Test
  void idsAre32UrlSafeCharactersAndUnique() {
    SessionManager sessions = manager().build();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      Session s = sessions.create("user", "acme", Duration.ofMinutes(1));
      assertThat(s.id()).hasSize(32).matches("[A-Za-z0-9_-]{32}");
      ids.add(s.id());
    }
    assertThat(ids).hasSize(500);
  }

  @Test
  void aNewSessionKnowsItsOwnerAndItsTime() {
    SessionManager sessions = manager().build();
    Session s = sessions.create("user_123", "acme", Duration.ofMinutes(30));
    assertThat(s.userId()).isEqualTo("user_123");
    assertThat(s.tenantId()).isEqualTo("acme");
    assertThat(s.createdAt()).isEqualTo(clock.instant());
    assertThat(s.ttl()).isEqualTo(Duration.ofMinutes(30));
    assertThat(s.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
    assertThat(s.isActive()).isTrue();
    clock.advance(Duration.ofSeconds(60));
    assertThat(s.timeRemaining()).isEqualTo(Duration.ofSeconds(1740));
    assertThat(sessions.create("u", "acme").ttl()).isEqualTo(SessionManager.DEFAULT_TTL);
    assertThat(events).containsExactly("started user_123", "started u");
    assertThat(s.toString()).doesNotContain(s.id()).contains(s.id().substring(0, 6));
  }

  @Test
  void zeroNegativeAndAbsurdTtlsAreRejected() {
    SessionManager sessions = manager().maxTtl(Duration.ofHours(2)).build();
    for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofMinutes(-30),
        Duration.ofHours(2).plusNanos(1), Duration.ofDays(365_000))) {
      assertThatThrownBy(() -> sessions.create("u", "t", bad))
          .as("ttl %s", bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ttl");
    }
    assertThatThrownBy(() -> sessions.create("u", "t", null)).isInstanceOf(NullPointerException.class);
    assertThat(sessions.create("u", "t", Duration.ofHours(2)).ttl()).isEqualTo(Duration.ofHours(2));
    assertThat(sessions.activeCount()).isEqualTo(1);
    assertThatThrownBy(() -> manager().maxTtl(Duration.ofDays(367)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> manager().maxTtl(Duration.ofHours(1)).defaultTtl(Duration.ofHours(2))
        .build()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sessionsCannotBeExtended() {
    List<String> names = Arrays.stream(Session.class.getMethods()).map(Method::getName).toList();
    assertThat(names).noneMatch(n -> n.toLowerCase().contains("extend")
        || n.toLowerCase().contains("renew"));
  }

  @Test
  void invalidUserAndTenantNamesAreRejected() {
    SessionManager sessions = manager().build();
    for (String bad : List.of("", " ", "a\nb", "x".repeat(257), "nul\0")) {
      assertThatThrownBy(() -> sessions.create(bad, "t")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> sessions.create("u", bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void lookupIsBoundToTheTenant() {
    SessionManager sessions = manager().build();
    Session s = sessions.create("alice", "acme");
    assertThat(sessions.get(s.id(), "acme")).isSameAs(s);
    assertThatThrownBy(() -> sessions.get(s.id(), "globex"))
        .isInstanceOfSatisfying(TenantMismatchException.class, e -> {
          assertThat(e.expectedTenant()).isEqualTo("acme");
          assertThat(e.actualTenant()).isEqualTo("globex");
          assertThat(e.getMessage()).doesNotContain(s.id());
        });
    assertThatThrownBy(() -> sessions.end(s.id(), "globex"))
        .isInstanceOf(TenantMismatchException.class);
    assertThatThrownBy(() -> sessions.revoke(s.id(), "globex"))
        .isInstanceOf(TenantMismatchException.class);
    assertThat(s.isActive()).isTrue();
    assertThatThrownBy(() -> sessions.get("no-such-id", "acme"))
        .isInstanceOf(SessionNotFoundException.class);
    assertThatThrownBy(() -> sessions.get(null, "acme"))
        .isInstanceOf(SessionNotFoundException.class);
  }

  @Test
  void anExpiredSessionRecordsNothingAndIsPurgedOnAccess() {
    SessionManager sessions = manager().build();
    Session s = sessions.create("alice", "acme", Duration.ofMinutes(5));
    s.recordAction("read_file", RiskLevel.LOW);
    clock.advance(Duration.ofMinutes(5)); // expired at exactly expiresAt
    assertThat(s.status()).isEqualTo(SessionStatus.EXPIRED);
    assertThat(s.timeRemaining()).isZero();
    assertThatThrownBy(() -> s.recordAction("read_file", RiskLevel.LOW))
        .isInstanceOf(SessionExpiredException.class).hasMessageContaining("expired");
    // the first refusal removed it from the manager and told the listeners
    assertThat(events).containsExactly("started alice", "ended alice EXPIRED");
    assertThatThrownBy(s::recordTokenIssued).isInstanceOf(SessionExpiredException.class);
    assertThatThrownBy(() -> s.updateContext(c -> c)).isInstanceOf(SessionExpiredException.class);
    assertThatThrownBy(() -> sessions.get(s.id(), "acme"))
        .isInstanceOf(SessionNotFoundException.class);
    assertThat(s.actionsExecuted()).containsExactly("read_file");
    assertThat(events).containsExactly("started alice", "ended alice EXPIRED");
  }

  @Test
  void aRevokedSessionRecordsNothingAndTheListenerHearsOnce() {
    SessionManager sessions = manager().build();
    Session s = sessions.create("alice", "acme");
    assertThat(s.revoke()).isTrue();
    assertThat(s.revoke()).isFalse();
    assertThat(s.isRevoked()).isTrue();
    assertThat(s.timeRemaining()).isZero();
    assertThatThrownBy(() -> s.recordAction("read_file", RiskLevel.MINIMAL))
        .isInstanceOf(SessionRevokedException.class);
    assertThatThrownBy(s::ensureActive).isInstanceOf(SessionRevokedException.class);
    assertThatThrownBy(() -> sessions.get(s.id(), "acme"))
        .isInstanceOf(SessionNotFoundException.class);
    assertThat(events).containsExactly("started alice", "ended alice REVOKED");

    Session t = sessions.create("bob", "acme");
    assertThat(sessions.revoke(t.id(), "acme")).isTrue();
    assertThat(t.isRevoked()).isTrue();
    assertThat(events).endsWith("ended bob REVOKED");
  }

  @Test
  void endingASessionMakesItUnusableAndTellsTheListeners() {
    SessionManager sessions = manager().build();
    Session s = sessions.create("alice", "acme");
    assertThat(sessions.end(s.id(), "acme")).isTrue();
    assertThat(s.status()).isEqualTo(SessionStatus.ENDED);
    assertThatThrownBy(() -> s.recordAction("read_file", RiskLevel.MINIMAL))
        .isInstanceOf(SessionRevokedException.class).hasMessageContaining("ended");
    assertThatThrownBy(() -> sessions.end(s.id(), "acme"))
        .isInstanceOf(SessionNotFoundException.class);
    assertThat(s.revoke()).isFalse();
    assertThat(events).containsExactly("started alice", "ended alice ENDED");
  }

  @Test
  void endingAnExpiredSessionPurgesItAsExpired() {
    SessionManager sessions = manager().build();
    Session s = sessions.create("alice", "acme", Duration.ofMinutes(1));
    clock.advance(Duration.ofMinutes(2));
    assertThat(sessions.end(s.id(), "acme")).isFalse();
    assertThat(events).containsExactly("started alice", "ended alice EXPIRED");
  }

  @Test
  void liveSessionsAreBoundedAndDeadOnesArePurgedOnCreation() {
    SessionManager sessions = manager().maxSessions(3).build();
    Session a = sessions.create("a", "t", Duration.ofMinutes(1));
    sessions.create("b", "t", Duration.ofMinutes(10));
    Session c = sessions.create("c", "t", Duration.ofMinutes(10));
    assertThatThrownBy(() -> sessions.create("d", "t"))
        .isInstanceOf(SessionException.class).hasMessageContaining("3 live sessions");
    c.revoke();
    sessions.create("d", "t");
    assertThatThrownBy(() -> sessions.create("e", "t")).isInstanceOf(SessionException.class);
    clock.advance(Duration.ofMinutes(1));
    sessions.create("e", "t");
    assertThat(a.isExpired()).isTrue();
    assertThat(sessions.activeCount()).isEqualTo(3);
    assertThat(events).contains("ended a EXPIRED", "ended c REVOKED");
  }

  @Test
  void purgeRemovesEveryDeadSessionOnce() {
    SessionManager sessions = manager().build();
    for (int i = 0; i < 10; i++) {
      sessions.create("u" + i, "t", Duration.ofMinutes(i + 1));
    }
    clock.advance(Duration.ofMinutes(5));
    assertThat(sessions.purge()).isEqualTo(5);
    assertThat(sessions.purge()).isZero();
    assertThat(sessions.activeCount()).isEqualTo(5);
    assertThat(events.stream().filter(e -> e.endsWith("EXPIRED")).count()).isEqualTo(5);
  }

  @Test
  void aFailingListenerDoesNotKeepASessionAlive() {
    SessionManager sessions = SessionManager.builder().clock(clock)
        .listener(new SessionListener() {
          @Override
          public void sessionEnded(Session session, SessionEndReason reason) {
            throw new IllegalStateException("audit down");
          }
        })
        .listener(recorder)
        .build();
    Session s = sessions.create("alice", "acme");
    assertThat(sessions.end(s.id(), "acme")).isTrue();
    assertThat(s.isActive()).isFalse();
    assertThat(events).containsExactly("started alice", "ended alice ENDED");
  }

  @Test
  void aBoundRateLimiterAppliesSessionLimitsAndForgetsEndedSessions() {
    RateLimiter limiter = RateLimiter.builder().clock(clock).sessionLimit(2, Duration.ofMinutes(1))
        .maxCumulativeRisk(1.0).build();
    SessionManager sessions = manager().rateLimiter(limiter).build();
    Session s = sessions.create("alice", "acme");
    assertThat(limiter.isSessionOpen(s.id())).isTrue();
    limiter.reserve(s.id(), "write_file", (String) null, RiskLevel.MODERATE.score());
    limiter.reserve(s.id(), "write_file", (String) null, RiskLevel.MODERATE.score());
    assertThatThrownBy(() -> limiter.reserve(s.id(), "write_file", (String) null, 0))
        .isInstanceOf(RateLimitExceededException.class);
    sessions.end(s.id(), "acme");
    assertThat(limiter.isSessionOpen(s.id())).isFalse();
    assertThatThrownBy(() -> limiter.reserve(s.id(), "write_file", (String) null, 0))
        .isInstanceOf(SessionNotFoundException.class);

    Session r = sessions.create("bob", "acme");
    r.revoke();
    assertThat(limiter.isSessionOpen(r.id())).isFalse();
    Session e = sessions.create("carol", "acme", Duration.ofMinutes(1));
    clock.advance(Duration.ofMinutes(1));
    sessions.purge();
    assertThat(limiter.isSessionOpen(e.id())).isFalse();
    assertThat(limiter.openSessions()).isZero();
  }

  @Test
  void aFullRateLimiterRefusesTheSessionWithoutLeakingASlot() {
    RateLimiter limiter = RateLimiter.builder().clock(clock).maxSessions(1).build();
    SessionManager sessions = manager().rateLimiter(limiter).maxSessions(5).build();
    sessions.create("a", "t");
    assertThatThrownBy(() -> sessions.create("b", "t")).isInstanceOf(SessionException.class);
    assertThat(sessions.activeCount()).isEqualTo(1);
  }

  @Test
  void aSessionBudgetIsEnforcedByTheLedgerWithoutAnyRateLimiter() {
    // (this test used to say a budget needs a rate limiter: the budget lived in a second tally
    // there; now the ledger of the shared state is the one tally, issue 11)
    SessionManager sessions = manager().build();
    Session s = sessions.create("a", "t", Duration.ofMinutes(1), new SessionLimits(10, 1.0));
    s.reserveAction("write_file", RiskLevel.MODERATE);
    s.reserveAction("write_file", RiskLevel.MODERATE);
    assertThatThrownBy(() -> s.reserveAction("write_file", RiskLevel.MODERATE))
        .isInstanceOf(io.ape.api.RiskBudgetExceededException.class);
    assertThat(s.cumulativeRisk()).isEqualTo(0.8);
    assertThat(s.actionsReserved()).isEqualTo(2);
    assertThat(sessions.sharedState().limits().total(s.budgets().riskKey())).isEqualTo(0.8);
  }

  @Test
  void sessionLimitsTightenTheCapAndLiveInTheLedgerNotInTheRateLimiters() {
    // (this test used to check that the session's budget was copied into every rate limiter: a
    // second tally of its risk; now it lives in the ledger only, issue 11)
    RateLimiter first = RateLimiter.builder().clock(clock).build();
    RateLimiter second = RateLimiter.builder().clock(clock).maxCumulativeRisk(0.3).build();
    SessionManager sessions = manager().rateLimiter(first).rateLimiter(second)
        .maxActionsPerSession(10).build();
    Session s = sessions.create("a", "t", Duration.ofMinutes(1), new SessionLimits(2, 0.5));
    assertThat(s.maxActions()).isEqualTo(2);
    assertThat(s.budgets().maxCumulativeRisk()).isEqualTo(0.5);
    assertThat(s.budgets().maxActions()).isEqualTo(2);
    assertThat(first.usage(s.id()).maxCumulativeRisk()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(second.usage(s.id()).maxCumulativeRisk()).isEqualTo(0.3);
    Session loose = sessions.create("b", "t", Duration.ofMinutes(1),
        new SessionLimits(Integer.MAX_VALUE, Double.POSITIVE_INFINITY));
    assertThat(loose.maxActions()).isEqualTo(10);
    assertThatThrownBy(() -> new SessionLimits(-1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SessionLimits(1, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SessionLimits(1, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSecondFullRateLimiterRollsBackTheOpenInTheFirst() {
    RateLimiter roomy = RateLimiter.builder().clock(clock).build();
    RateLimiter full = RateLimiter.builder().clock(clock).maxSessions(1).build();
    SessionManager sessions = manager().rateLimiter(roomy).rateLimiter(full).build();
    sessions.create("a", "t");
    assertThatThrownBy(() -> sessions.create("b", "t")).isInstanceOf(SessionException.class);
    assertThat(roomy.openSessions()).isEqualTo(1);
    assertThat(sessions.activeCount()).isEqualTo(1);
  }

  @Test
  void aListenerThatFailsOnStartFailsTheCreationAndTheSessionIsRevoked() {
    List<Session> seen = new ArrayList<>();
    RateLimiter limiter = RateLimiter.builder().clock(clock).build();
    SessionManager sessions = manager().rateLimiter(limiter).listener(new SessionListener() {
      @Override
      public void sessionStarted(Session session) {
        seen.add(session);
        throw new IllegalStateException("audit down");
      }
    }).build();
    assertThatThrownBy(() -> sessions.create("alice", "t"))
        .isInstanceOf(IllegalStateException.class).hasMessage("audit down");
    assertThat(seen).singleElement().satisfies(s -> {
      assertThat(s.isRevoked()).isTrue();
      assertThat(limiter.isSessionOpen(s.id())).isFalse();
    });
    assertThat(sessions.activeCount()).isZero();
    assertThat(events).containsExactly("started alice", "ended alice REVOKED");
  }

  @Test
  void sessionsAreListedPerTenantAndEndedThroughTheManager() {
    SessionManager sessions = manager().build();
    Session a = sessions.create("alice", "acme");
    Session b = sessions.create("bob", "other");
    Session c = sessions.create("carol", "acme", Duration.ofMinutes(1));
    assertThat(sessions.list("acme")).containsExactlyInAnyOrder(a, c);
    clock.advance(Duration.ofMinutes(1));
    assertThat(sessions.list("acme")).containsExactly(a);
    assertThat(sessions.end(a)).isTrue();
    assertThat(sessions.end(a)).isFalse();
    assertThat(sessions.list("acme")).isEmpty();
    assertThat(sessions.list("other")).containsExactly(b);
    SessionManager stranger = manager().build();
    assertThatThrownBy(() -> stranger.end(b)).isInstanceOf(IllegalArgumentException.class);
    assertThat(events).containsExactly("started alice", "started bob", "started carol",
        "ended carol EXPIRED", "ended alice ENDED");
  }
}
