package io.ape.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ape.api.StateUnavailableException;
import io.ape.spi.state.BudgetCharge;
import io.ape.spi.state.LimitLedger;
import io.ape.spi.state.LimitVerdict;
import io.ape.spi.state.OnceLedger;
import io.ape.spi.state.RevocationEpochs;
import io.ape.spi.state.RevocationRegistry;
import io.ape.spi.state.SessionRecord;
import io.ape.spi.state.SessionStore;
import io.ape.spi.state.SharedState;
import io.ape.spi.state.WindowCharge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the shared-state SPI ({@link SharedState}: {@link LimitLedger},
 * {@link SessionStore}, {@link RevocationRegistry}, {@link OnceLedger}), as its Javadoc states
 * it, for every store to pass. Extend it and supply a new, empty state:
 *
 * <pre>{@code
 * class HazelcastSharedStateContractTest extends SharedStateContract {
 *   @Override protected SharedState newState(Clock clock) {
 *     return HazelcastSharedState.connect(testCluster(), uniquePrefix(), clock);
 *   }
 * }
 * }</pre>
 *
 * <p>What is checked: {@code reserve} is all or nothing (a window or budget without room
 * records nothing anywhere) and, of 32 concurrent callers, never admits more than a window's or
 * a budget's {@code max}, also when both limit one call; a refusal names the key, the limit and
 * when the window admits again (which it then does); windows slide, keys never collide
 * (separators and braces in keys included); a claim wins exactly once, also under 32 concurrent
 * claimants, and approvals and tokens are separate ledgers; epochs only grow, each revocation
 * returns a new value and is seen by the next read, scopes are independent; a session is created
 * once, ends once (32 concurrent enders: one wins) and ending is final. Each test gets a fresh
 * state on a {@link MutableClock}; the state is closed after the test.
 *
 * <p>Capability {@link Outage}: a state whose store does not answer must make every operation
 * throw {@link StateUnavailableException} (the engine's DENY) in bounded time.
 *
 * @since 0.2.0
 */
public abstract class SharedStateContract {
  /** The number of threads of the concurrent tests. */
  protected static final int THREADS = 32;
  /** The instant the clock starts at. */
  protected static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  /** The clock the state must use; the tests move it. */
  protected final MutableClock clock = MutableClock.at(T0);
  private SharedState state;
  private final String unique = UUID.randomUUID().toString().substring(0, 8);

  /**
   * A new state with nothing in it (for a shared server, a fresh key prefix or schema per
   * call), on {@code clock}.
   */
  protected abstract SharedState newState(Clock clock);

  @BeforeEach
  void createState() {
    state = newState(clock);
    assertNotNull(state, "newState returned null");
  }

  @AfterEach
  void closeState() {
    if (state != null) {
      state.close();
    }
  }

  /** The state under test in the current test. */
  protected final SharedState state() {
    return state;
  }

  private String key(String name) {
    return name + ":" + unique;
  }

  // ------------------------------------------------------------------------------- limits

  @Test
  void aReservationWithRoomIsRecordedEverywhere() {
    LimitLedger l = state.limits();
    WindowCharge w1 = new WindowCharge(key("session"), Duration.ofMinutes(1), 3);
    WindowCharge w2 = new WindowCharge(key("action"), Duration.ofMinutes(1), 3);
    BudgetCharge b = new BudgetCharge(key("risk"), 2, 10, Duration.ofHours(1));
    assertTrue(l.reserve(List.of(w1, w2), List.of(b), T0).admitted(), "room everywhere");
    assertEquals(1, l.used(w1, T0), "used(w1)");
    assertEquals(1, l.used(w2, T0), "used(w2)");
    assertEquals(2.0, l.total(b.key()), 1e-9, "total(risk)");
    assertTrue(l.reserve(List.of(), List.of(), T0).admitted(), "nothing to charge is admitted");
  }

  @Test
  void aFullWindowRefusesAndNothingElseIsRecorded() {
    LimitLedger l = state.limits();
    WindowCharge full = new WindowCharge(key("full"), Duration.ofMinutes(1), 1);
    WindowCharge other = new WindowCharge(key("other"), Duration.ofMinutes(1), 5);
    BudgetCharge b = new BudgetCharge(key("risk"), 1, 10, Duration.ofHours(1));
    assertTrue(l.reserve(List.of(full), List.of(), T0).admitted());
    LimitVerdict v = l.reserve(List.of(other, full), List.of(b), T0.plusSeconds(1));
    assertFalse(v.admitted(), "a full window refuses");
    assertEquals(full.key(), v.refusedKey(), "the refusal names the full window");
    assertEquals(1.0, v.limit(), 1e-9, "the refusal names the window's max");
    assertEquals(0, l.used(other, T0.plusSeconds(1)), "nothing was recorded in the other window");
    assertEquals(0.0, l.total(b.key()), 1e-9, "nothing was added to the budget");
  }

  @Test
  void aFullBudgetRefusesAndNothingElseIsRecorded() {
    LimitLedger l = state.limits();
    WindowCharge w = new WindowCharge(key("w"), Duration.ofMinutes(1), 100);
    BudgetCharge b = new BudgetCharge(key("risk"), 4, 10, Duration.ofHours(1));
    assertTrue(l.reserve(List.of(w), List.of(b), T0).admitted());
    assertTrue(l.reserve(List.of(w), List.of(b), T0).admitted());
    assertTrue(l.reserve(List.of(), List.of(new BudgetCharge(b.key(), 2, 10, b.ttl())), T0)
        .admitted(), "a total may reach max exactly");
    LimitVerdict v = l.reserve(List.of(w), List.of(b), T0);
    assertFalse(v.admitted(), "a budget without room refuses");
    assertEquals(b.key(), v.refusedKey());
    assertEquals(Instant.MAX, v.retryAt(), "a budget never frees up: retryAt is Instant.MAX");
    assertEquals(2, l.used(w, T0), "the window was not charged for the refused call");
    assertEquals(10.0, l.total(b.key()), 1e-9, "the budget stays at its max");
  }

  @Test
  void aWindowOfMaxZeroRefusesEveryCallAndRecordsNothing() {
    LimitLedger l = state.limits();
    WindowCharge closed = new WindowCharge(key("closed"), Duration.ofMinutes(1), 0);
    BudgetCharge b = new BudgetCharge(key("risk-closed"), 1, 10, Duration.ofHours(1));
    LimitVerdict v = l.reserve(List.of(closed), List.of(b), T0);
    assertFalse(v.admitted(), "max 0 admits nothing");
    assertEquals(closed.key(), v.refusedKey());
    assertEquals(0, l.used(closed, T0));
    assertEquals(0.0, l.total(b.key()), 1e-9, "the budget was not charged");
  }

  @Test
  void windowsSlideAndTheRetryInstantIsWhenTheyAdmitAgain() {
    LimitLedger l = state.limits();
    WindowCharge w = new WindowCharge(key("slide"), Duration.ofSeconds(60), 2);
    assertTrue(l.reserve(List.of(w), List.of(), T0).admitted());
    assertTrue(l.reserve(List.of(w), List.of(), T0.plusSeconds(10)).admitted());
    Instant now = T0.plusSeconds(30);
    LimitVerdict v = l.reserve(List.of(w), List.of(), now);
    assertFalse(v.admitted(), "the window is full");
    assertNotNull(v.retryAt(), "a refusal says when to retry");
    assertTrue(v.retryAt().isAfter(now), "retryAt " + v.retryAt() + " is after now " + now);
    assertFalse(v.retryAt().isAfter(T0.plusSeconds(61)), "retryAt " + v.retryAt()
        + " is at most when the oldest use leaves the window");
    assertTrue(l.reserve(List.of(w), List.of(), v.retryAt()).admitted(),
        "at retryAt the window admits again");
    assertEquals(0, l.used(w, T0.plusSeconds(200)), "every use has left the window by then");
  }

  @Test
  void keysNeverCollide() {
    LimitLedger l = state.limits();
    String[] keys = {key("a"), key("a") + ":b", key("a:b"), "{" + key("a") + "}",
        key("a") + "}:x", key("\u00e9\uD83D\uDE00"), key("a b"), key("a\nb"), key("a*")};
    for (String k : keys) {
      WindowCharge w = new WindowCharge(k, Duration.ofMinutes(1), 1);
      assertTrue(l.reserve(List.of(w), List.of(), T0).admitted(), "the first use of key "
          + k.replace("\n", "\\n") + " (keys must not share counters)");
    }
    OnceLedger claims = state.approvals();
    for (String k : keys) {
      assertTrue(claims.claim(k, T0.plusSeconds(600)), "the first claim of key "
          + k.replace("\n", "\\n"));
    }
  }

  @Test
  void thirtyTwoConcurrentCallersNeverExceedAWindow() {
    WindowCharge w = new WindowCharge(key("race-window"), Duration.ofMinutes(1), 17);
    int admitted = countAdmitted(() -> state.limits().reserve(List.of(w), List.of(), T0), 10);
    assertEquals(17, admitted, "of 320 concurrent reservations exactly max=17 are admitted");
    assertEquals(17, state.limits().used(w, T0));
  }

  @Test
  void thirtyTwoConcurrentCallersNeverExceedABudget() {
    BudgetCharge b = new BudgetCharge(key("race-budget"), 1, 50, Duration.ofHours(1));
    int admitted = countAdmitted(() -> state.limits().reserve(List.of(), List.of(b), T0), 10);
    assertEquals(50, admitted, "of 320 concurrent reservations exactly max=50 are admitted");
    assertEquals(50.0, state.limits().total(b.key()), 1e-9);
  }

  @Test
  void aRefusedBudgetNeverUsesUpAWindowSlotUnderConcurrency() {
    WindowCharge w = new WindowCharge(key("both-window"), Duration.ofMinutes(1), 40);
    BudgetCharge b = new BudgetCharge(key("both-budget"), 1, 25, Duration.ofHours(1));
    int admitted = countAdmitted(() -> state.limits().reserve(List.of(w), List.of(b), T0), 5);
    assertEquals(25, admitted, "the budget admits 25");
    assertEquals(25, state.limits().used(w, T0),
        "the window holds exactly the admitted calls: all or nothing");
    assertEquals(25.0, state.limits().total(b.key()), 1e-9);
  }

  // ------------------------------------------------------------------------------- claims

  @Test
  void aClaimWinsOnce() {
    OnceLedger o = state.tokens();
    String k = key("token");
    assertTrue(o.claim(k, T0.plusSeconds(60)), "the first claim wins");
    assertFalse(o.claim(k, T0.plusSeconds(60)), "a second claim loses");
    clock.advance(Duration.ofSeconds(30));
    assertFalse(o.claim(k, T0.plusSeconds(600)), "a later claim before expiry loses");
    assertTrue(o.claim(key("other-token"), T0.plusSeconds(60)), "other keys are independent");
  }

  @Test
  void exactlyOneOfThirtyTwoConcurrentClaimsWins() {
    for (int round = 0; round < 5; round++) {
      String k = key("race-claim-" + round);
      int won = countTrue(() -> state.approvals().claim(k, T0.plusSeconds(60)));
      assertEquals(1, won, "exactly one of " + THREADS + " concurrent claims wins");
    }
  }

  @Test
  void approvalsAndTokensAreSeparateLedgers() {
    String k = key("shared-name");
    assertTrue(state.approvals().claim(k, T0.plusSeconds(60)));
    assertTrue(state.tokens().claim(k, T0.plusSeconds(60)),
        "a token claim is not blocked by an approval claim of the same name");
    assertFalse(state.approvals().claim(k, T0.plusSeconds(60)));
    assertFalse(state.tokens().claim(k, T0.plusSeconds(60)));
  }

  // -------------------------------------------------------------------------- revocations

  @Test
  void epochsOnlyGrowAndEachRevocationIsSeenByTheNextRead() {
    RevocationRegistry r = state.revocations();
    String tenant = key("tenant");
    String session = key("session");
    RevocationEpochs before = r.epochs(tenant, session);
    long g = r.revokeAll();
    assertTrue(g > before.global(), "revokeAll advances the global epoch");
    RevocationEpochs afterAll = r.epochs(tenant, session);
    assertEquals(g, afterAll.global(), "the next read sees the new global epoch");
    assertFalse(before.stillValidAt(afterAll), "authority from before is no longer valid");
    long t = r.revokeTenant(tenant);
    assertTrue(t > afterAll.tenant(), "revokeTenant advances the tenant's epoch");
    assertEquals(t, r.epochs(tenant, session).tenant());
    long s = r.revokeSession(session);
    assertTrue(s > afterAll.session(), "revokeSession advances the session's epoch");
    RevocationEpochs now = r.epochs(tenant, session);
    assertEquals(s, now.session());
    assertEquals(g, now.global(), "revoking a tenant or session leaves the global epoch");
    assertTrue(now.stillValidAt(r.epochs(tenant, session)), "reading twice changes nothing");
  }

  @Test
  void scopesAreIndependent() {
    RevocationRegistry r = state.revocations();
    RevocationEpochs other = r.epochs(key("tenant-b"), key("session-b"));
    r.revokeTenant(key("tenant-a"));
    r.revokeSession(key("session-a"));
    assertTrue(other.stillValidAt(r.epochs(key("tenant-b"), key("session-b"))),
        "revoking tenant-a and session-a does not touch tenant-b and session-b");
  }

  @Test
  void concurrentRevocationsEachGetANewEpoch() {
    String session = key("race-session");
    List<Concurrently.Result<Long>> results = Concurrently.run(THREADS,
        i -> () -> state.revocations().revokeSession(session));
    Set<Long> seen = new HashSet<>();
    long max = Long.MIN_VALUE;
    for (Concurrently.Result<Long> r : results) {
      if (!r.succeeded()) {
        fail("a concurrent revocation failed", r.error());
      }
      assertTrue(seen.add(r.value()), "two revocations returned the same epoch " + r.value());
      max = Math.max(max, r.value());
    }
    assertEquals(max, state.revocations().epochs(key("t"), session).session(),
        "the epoch read afterwards is the highest one returned");
  }

  // ----------------------------------------------------------------------------- sessions

  @Test
  void aSessionIsCreatedOnceFoundAndEndedOnceForGood() {
    SessionStore s = state.sessions();
    SessionRecord rec = session(key("sess"));
    s.create(rec);
    assertEquals(rec, s.find(rec.sessionId()).orElseThrow(), "find returns what was created");
    assertTrue(s.find(key("unknown")).isEmpty(), "an unknown session is not found");
    assertThrows(IllegalStateException.class, () -> s.create(rec), "a session id is created once");
    assertTrue(s.end(rec.sessionId(), SessionRecord.Status.REVOKED), "ending an ACTIVE session");
    assertFalse(s.end(rec.sessionId(), SessionRecord.Status.ENDED), "ending it again");
    assertEquals(SessionRecord.Status.REVOKED, s.find(rec.sessionId()).orElseThrow().status(),
        "ending is final: the first end wins");
    assertThrows(IllegalStateException.class, () -> s.create(rec),
        "an ended session cannot be created again (it would come back to life)");
    assertFalse(s.end(key("unknown"), SessionRecord.Status.ENDED), "ending an unknown session");
  }

  @Test
  void aSessionEndsAsEndedOrRevokedNeverAsActive() {
    SessionStore s = state.sessions();
    SessionRecord rec = session(key("sess-active"));
    s.create(rec);
    try {
      assertFalse(s.end(rec.sessionId(), SessionRecord.Status.ACTIVE),
          "end(ACTIVE) must not report an ending");
    } catch (IllegalArgumentException expected) {
      // refusing the call outright is fine
    }
    assertEquals(SessionRecord.Status.ACTIVE, s.find(rec.sessionId()).orElseThrow().status());
  }

  @Test
  void exactlyOneOfThirtyTwoConcurrentEndersWins() {
    SessionStore s = state.sessions();
    SessionRecord rec = session(key("race-sess"));
    s.create(rec);
    int won = countTrue(() -> s.end(rec.sessionId(), SessionRecord.Status.ENDED));
    assertEquals(1, won, "exactly one of " + THREADS + " concurrent end() calls wins");
  }

  @Test
  void describeSaysWhatItIsAndCloseIsIdempotent() {
    SharedState extra = newState(clock);
    assertNotNull(extra.describe(), "describe()");
    assertFalse(extra.describe().isBlank(), "describe()");
    assertDoesNotThrow(extra::close);
    assertDoesNotThrow(extra::close, "a second close");
  }

  // --------------------------------------------------------------------------- capability

  /**
   * Capability: a state whose store does not answer (an unreachable server). Every operation
   * of every interface must then throw {@link StateUnavailableException} within
   * {@link #unavailableWithinSeconds()}: never answer from elsewhere, never hang.
   */
  public interface Outage {
    /** A state whose store does not answer. */
    SharedState unavailableState(Clock clock);

    /** How long one refused operation may take. */
    default long unavailableWithinSeconds() {
      return 10;
    }

    @Test
    default void everyOperationOfAnUnavailableStoreThrowsStateUnavailable() {
      Instant now = T0;
      WindowCharge w = new WindowCharge("global", Duration.ofMinutes(1), 5);
      List<Consumer<SharedState>> ops = new ArrayList<>();
      ops.add(s -> s.limits().reserve(List.of(w),
          List.of(new BudgetCharge("risk:s", 0.5, 1, Duration.ofHours(1))), now));
      ops.add(s -> s.limits().used(w, now));
      ops.add(s -> s.limits().total("risk:s"));
      ops.add(s -> s.sessions().create(new SessionRecord("s-outage", "t", "u", now,
          now.plusSeconds(60), SessionRecord.Status.ACTIVE)));
      ops.add(s -> s.sessions().find("s-outage"));
      ops.add(s -> s.sessions().end("s-outage", SessionRecord.Status.ENDED));
      ops.add(s -> s.revocations().revokeAll());
      ops.add(s -> s.revocations().revokeTenant("t"));
      ops.add(s -> s.revocations().revokeSession("s"));
      ops.add(s -> s.revocations().epochs("t", "s"));
      ops.add(s -> s.approvals().claim("a", now.plusSeconds(60)));
      ops.add(s -> s.tokens().claim("a", now.plusSeconds(60)));
      SharedState s = unavailableState(MutableClock.at(now));
      assertNotNull(s, "unavailableState returned null");
      try {
        for (int i = 0; i < ops.size(); i++) {
          Consumer<SharedState> op = ops.get(i);
          int n = i;
          Concurrently.Result<Void> r = Concurrently.within(unavailableWithinSeconds(),
              "operation " + n + " of an unavailable store", () -> {
                op.accept(s);
                return null;
              });
          if (r.succeeded()) {
            fail("operation " + n + " answered although the store is unavailable");
          }
          assertInstanceOf(StateUnavailableException.class, r.error(), "operation " + n
              + " must throw StateUnavailableException, got " + r.error());
        }
      } finally {
        assertDoesNotThrow(s::close, "close of an unavailable state");
      }
    }
  }

  // ------------------------------------------------------------------------------ helpers

  private static SessionRecord session(String id) {
    return new SessionRecord(id, "acme", "alice", T0, T0.plus(Duration.ofMinutes(30)),
        SessionRecord.Status.ACTIVE);
  }

  private interface Attempt {
    LimitVerdict call();
  }

  private interface Check {
    boolean call();
  }

  private static int countAdmitted(Attempt attempt, int perThread) {
    List<Concurrently.Result<Integer>> results = Concurrently.run(THREADS, i -> () -> {
      int n = 0;
      for (int k = 0; k < perThread; k++) {
        if (attempt.call().admitted()) {
          n++;
        }
      }
      return n;
    });
    int total = 0;
    for (Concurrently.Result<Integer> r : results) {
      if (!r.succeeded()) {
        fail("a concurrent reservation failed", r.error());
      }
      total += r.value();
    }
    return total;
  }

  private static int countTrue(Check check) {
    List<Concurrently.Result<Boolean>> results = Concurrently.run(THREADS, i -> check::call);
    int n = 0;
    for (Concurrently.Result<Boolean> r : results) {
      if (!r.succeeded()) {
        fail("a concurrent call failed", r.error());
      }
      if (r.value()) {
        n++;
      }
    }
    return n;
  }
}
