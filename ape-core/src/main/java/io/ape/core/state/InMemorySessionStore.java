package io.ape.core.state;

import io.ape.api.StateUnavailableException;
import io.ape.spi.state.SessionRecord;
import io.ape.spi.state.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sessions in memory. A record is forgotten {@link #GRACE} after its {@code expiresAt} (so an
 * expired session is still known as such for a while); at most {@code maxEntries} records, and a
 * creation that finds the store full of live records throws {@link StateUnavailableException}.
 *
 * @since 0.2.0
 */
public final class InMemorySessionStore implements SessionStore {
  /** How long a record is kept after it expires. */
  public static final Duration GRACE = Duration.ofMinutes(10);

  private final Clock clock;
  private final int maxEntries;
  private final Map<String, SessionRecord> records = new HashMap<>();

  /** A store on {@code clock} with at most {@code maxEntries} records (at least 1). */
  public InMemorySessionStore(Clock clock, int maxEntries) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
    }
    this.maxEntries = maxEntries;
  }

  @Override
  public synchronized void create(SessionRecord session) {
    Objects.requireNonNull(session, "session");
    Instant now = clock.instant();
    SessionRecord old = records.get(session.sessionId());
    if (old != null && !forgotten(old, now)) {
      throw new IllegalStateException("a session with that id exists");
    }
    if (old == null && records.size() >= maxEntries) {
      records.values().removeIf(r -> forgotten(r, now));
      if (records.size() >= maxEntries) {
        throw new StateUnavailableException("the in-memory session store holds " + maxEntries
            + " sessions, its maximum; the session is refused (fail closed)");
      }
    }
    records.put(session.sessionId(), session);
  }

  @Override
  public synchronized Optional<SessionRecord> find(String sessionId) {
    SessionRecord r = records.get(sessionId);
    if (r == null) {
      return Optional.empty();
    }
    if (forgotten(r, clock.instant())) {
      records.remove(sessionId);
      return Optional.empty();
    }
    return Optional.of(r);
  }

  @Override
  public synchronized boolean end(String sessionId, SessionRecord.Status status) {
    Objects.requireNonNull(status, "status");
    if (status == SessionRecord.Status.ACTIVE) {
      throw new IllegalArgumentException("a session ends as ENDED or REVOKED, not ACTIVE");
    }
    SessionRecord r = records.get(sessionId);
    if (r == null || r.status() != SessionRecord.Status.ACTIVE) {
      return false;
    }
    records.put(sessionId, new SessionRecord(r.sessionId(), r.tenantId(), r.userId(),
        r.createdAt(), r.expiresAt(), status));
    return true;
  }

  private static boolean forgotten(SessionRecord r, Instant now) {
    return !now.isBefore(r.expiresAt().plus(GRACE));
  }
}
