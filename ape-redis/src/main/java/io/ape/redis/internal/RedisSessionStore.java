package io.ape.redis.internal;

import io.ape.api.StateUnavailableException;
import io.ape.spi.state.SessionRecord;
import io.ape.spi.state.SessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link SessionStore} on Redis: one hash per session ({@code tenant}, {@code user},
 * {@code created}, {@code expires}, {@code status}), created only if absent and ended only from
 * ACTIVE, each by one script. The record is kept until {@code expiresAt} (on this instance's
 * clock) plus the retention, so ending or revoking stays final for the session's whole life and
 * its id cannot be created again before then.
 */
public final class RedisSessionStore implements SessionStore {
  private final RedisGateway redis;
  private final KeyLayout keys;
  private final Clock clock;
  private final Duration retention;

  /** A store on {@code redis}. */
  public RedisSessionStore(RedisGateway redis, KeyLayout keys, Clock clock, Duration retention) {
    this.redis = redis;
    this.keys = keys;
    this.clock = clock;
    this.retention = retention;
  }

  @Override
  public void create(SessionRecord session) {
    Objects.requireNonNull(session, "session");
    long left = Math.max(0, Duration.between(clock.instant(), session.expiresAt()).toMillis());
    long ttl = Math.max(1, Math.addExact(left, retention.toMillis()));
    Long created = redis.script("create session", Script.SESSION_CREATE,
        new String[] {keys.session(session.sessionId())}, session.tenantId(), session.userId(),
        session.createdAt().toString(), session.expiresAt().toString(), session.status().name(),
        Long.toString(ttl));
    if (created == null || created != 1) {
      throw new IllegalStateException("a session with this id exists already");
    }
  }

  @Override
  public Optional<SessionRecord> find(String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    Map<String, String> h = redis.call("find session",
        c -> RedisGateway.Awaitable.of(c.hgetall(keys.session(sessionId))));
    if (h == null || h.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new SessionRecord(sessionId, require(h, "tenant"), require(h, "user"),
          Instant.parse(require(h, "created")), Instant.parse(require(h, "expires")),
          SessionRecord.Status.valueOf(require(h, "status"))));
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new StateUnavailableException(redis.describe() + " holds a session record that "
          + "cannot be read (" + e.getMessage() + "); the call is refused", e);
    }
  }

  private String require(Map<String, String> h, String field) {
    String v = h.get(field);
    if (v == null) {
      throw new StateUnavailableException(redis.describe() + " holds a session record without "
          + "its " + field + "; the call is refused");
    }
    return v;
  }

  @Override
  public boolean end(String sessionId, SessionRecord.Status status) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(status, "status");
    if (status == SessionRecord.Status.ACTIVE) {
      throw new IllegalArgumentException("a session ends as ENDED or REVOKED, not ACTIVE");
    }
    Long r = redis.script("end session", Script.SESSION_END,
        new String[] {keys.session(sessionId)}, status.name());
    return r != null && r == 1;
  }
}
