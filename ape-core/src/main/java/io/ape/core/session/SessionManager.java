package io.ape.core.session;

import io.ape.api.ActionIds;
import io.ape.api.SessionException;
import io.ape.api.SessionExpiredException;
import io.ape.api.SessionNotFoundException;
import io.ape.api.SessionRevokedException;
import io.ape.api.TenantMismatchException;
import io.ape.core.ratelimit.RateLimiter;
import io.ape.core.state.InMemorySharedState;
import io.ape.spi.state.SessionRecord;
import io.ape.spi.state.SharedState;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, finds and ends {@link Session}s (DESIGN §7).
 *
 * <ul>
 *   <li>Time to live: positive and at most {@code maxTtl} (default 24 hours, at most 366
 *       days); zero, negative and longer TTLs are refused, and a session cannot be extended.
 *   <li>Lookups are tenant-bound: {@link #get} with another tenant's id throws
 *       {@link TenantMismatchException}, an unknown id {@link SessionNotFoundException}, an
 *       expired or revoked session its typed error (and is purged).
 *   <li>At most {@code maxSessions} live sessions (default 10,000). Sessions that expired,
 *       were revoked or ended are removed on access, on every {@link #create} and by
 *       {@link #purge}; each removal notifies the listeners once
 *       ({@link SessionListener#sessionEnded}) and closes the session in the bound
 *       {@link RateLimiter}, dropping its counters.
 *   <li>With {@link Builder#rateLimiter rate limiters}, every session is opened in each of them
 *       at creation, so their session limits and risk budget (and the session's own
 *       {@link SessionLimits#maxCumulativeRisk() budget}) apply from the first action.
 *   <li>Listeners see every start and every end once. A listener that fails on
 *       {@link SessionListener#sessionStarted} (e.g. an audit log that cannot record) fails the
 *       creation: the session is revoked before it is returned, so no session runs unaudited.
 * </ul>
 *
 * <p>Thread-safe; lookups take no lock.
 */
public final class SessionManager {
  private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);

  /** The default time to live of {@link #create(String, String)}. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(30);
  /** The default maximum time to live. */
  public static final Duration DEFAULT_MAX_TTL = Duration.ofHours(24);
  /** The largest maximum time to live that can be configured. */
  public static final Duration LONGEST_MAX_TTL = Duration.ofDays(366);
  private static final int ID_BYTES = 24;
  private static final int MAX_NAME_LENGTH = 256;

  private final Clock clock;
  private final Duration defaultTtl;
  private final Duration maxTtl;
  private final int maxSessions;
  private final int maxActionsPerSession;
  private final List<RateLimiter> rateLimiters;
  private final List<SessionListener> listeners;
  private final SharedState state;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final AtomicInteger live = new AtomicInteger();

  private SessionManager(Builder b) {
    this.clock = b.clock;
    this.defaultTtl = b.defaultTtl;
    this.maxTtl = b.maxTtl;
    this.maxSessions = b.maxSessions;
    this.maxActionsPerSession = b.maxActionsPerSession;
    this.rateLimiters = List.copyOf(b.rateLimiters);
    this.listeners = List.copyOf(b.listeners);
    this.state = b.state != null ? b.state : new InMemorySharedState(b.clock);
  }

  /** A builder with the system UTC clock and the defaults above. */
  public static Builder builder() {
    return new Builder();
  }

  /** The longest time to live {@link #create} accepts. */
  public Duration maxTtl() {
    return maxTtl;
  }

  /** Creates a session with the default time to live. */
  public Session create(String userId, String tenantId) {
    return create(userId, tenantId, defaultTtl);
  }

  /** Creates a session with no limits of its own ({@link SessionLimits#NONE}). */
  public Session create(String userId, String tenantId, Duration ttl) {
    return create(userId, tenantId, ttl, SessionLimits.NONE);
  }

  /**
   * Creates a session and tells the listeners.
   *
   * @param limits the session's own action cap and risk budget (kept in the ledger of the
   *     manager's shared state)
   * @throws IllegalArgumentException if a name is empty, longer than 256 characters or has a
   *     control character, or the ttl is not positive or longer than {@link #maxTtl()}
   * @throws SessionException if {@code maxSessions} sessions are live, or a rate limiter
   *     cannot track another session
   * @throws io.ape.api.StateUnavailableException if the shared session store cannot answer
   * @throws RuntimeException what a listener threw on {@code sessionStarted} (the session is
   *     then revoked and not returned)
   */
  public Session create(String userId, String tenantId, Duration ttl, SessionLimits limits) {
    checkName("userId", userId);
    checkName("tenantId", tenantId);
    checkTtl(ttl);
    Objects.requireNonNull(limits, "limits");
    purge();
    int count;
    do {
      count = live.get();
      if (count >= maxSessions) {
        throw new SessionException("there are already " + maxSessions
            + " live sessions (the maximum); end sessions or raise maxSessions");
      }
    } while (!live.compareAndSet(count, count + 1));
    Session session;
    try {
      session = newSession(userId, tenantId, ttl, limits);
    } catch (RuntimeException e) {
      live.decrementAndGet();
      throw e;
    }
    try {
      state.sessions().create(new SessionRecord(session.reference(), tenantId, userId,
          session.createdAt(), session.expiresAt(), SessionRecord.Status.ACTIVE));
    } catch (RuntimeException e) {
      session.end();
      retire(session, SessionEndReason.ENDED, false);
      throw e;
    }
    LOG.debug("session started for user {} in tenant {}, ttl {}", ActionIds.printable(userId),
        ActionIds.printable(tenantId), ttl);
    return started(session);
  }

  private Session started(Session session) {
    for (SessionListener listener : listeners) {
      try {
        listener.sessionStarted(session);
      } catch (RuntimeException e) {
        LOG.error("session listener {} failed on sessionStarted; the session is revoked",
            listener, e);
        session.revoke("a session listener failed when the session started");
        throw e;
      }
    }
    return session;
  }

  private Session newSession(String userId, String tenantId, Duration ttl,
      SessionLimits limits) {
    int maxActions = Math.min(limits.maxActions(), maxActionsPerSession);
    while (true) {
      String id = newId();
      if (sessions.containsKey(id) || rateLimiters.stream().anyMatch(l -> l.isSessionOpen(id))) {
        continue;
      }
      java.time.Instant now = clock.instant();
      Session session = new Session(id, userId, tenantId, now, now.plus(ttl), clock, maxActions,
          limits.maxCumulativeRisk(), state.limits(), false, this::retireIfInactive);
      openInLimiters(id);
      if (sessions.putIfAbsent(id, session) == null) {
        return session;
      }
      closeInLimiters(id);
    }
  }

  private void openInLimiters(String id) {
    try {
      for (RateLimiter limiter : rateLimiters) {
        limiter.openSession(id);
      }
    } catch (RuntimeException e) {
      closeInLimiters(id);
      throw e;
    }
  }

  private void closeInLimiters(String id) {
    for (RateLimiter limiter : rateLimiters) {
      limiter.closeSession(id);
    }
  }

  private String newId() {
    byte[] bytes = new byte[ID_BYTES];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * The live session with this id in this tenant.
   *
   * @throws SessionNotFoundException if there is none (or it was purged)
   * @throws TenantMismatchException if it belongs to another tenant
   * @throws SessionExpiredException if it expired (it is purged)
   * @throws SessionRevokedException if it was revoked or ended (it is purged)
   */
  public Session get(String sessionId, String tenantId) {
    Session session = lookup(sessionId, tenantId);
    SessionStatus status = session.status();
    if (status != SessionStatus.ACTIVE) {
      retire(session, reason(status));
      session.ensureActive();
    }
    return session;
  }

  /**
   * The live sessions of a tenant (after purging), in no particular order.
   *
   * @throws NullPointerException if the tenant is null
   */
  public List<Session> list(String tenantId) {
    Objects.requireNonNull(tenantId, "tenantId");
    purge();
    List<Session> out = new ArrayList<>();
    for (Session session : sessions.values()) {
      if (session.tenantId().equals(tenantId) && session.isActive()) {
        out.add(session);
      }
    }
    return out;
  }

  /**
   * Ends a session of this manager that the caller holds, as {@link #end(String, String)}.
   *
   * @return {@code true} if this call ended it; {@code false} if it had already expired, been
   *     revoked or ended
   * @throws IllegalArgumentException if the session does not belong to this manager
   */
  public boolean end(Session session) {
    Objects.requireNonNull(session, "session");
    Session known = sessions.get(session.id());
    if (known != null && known != session) {
      throw new IllegalArgumentException("the session does not belong to this manager");
    }
    if (known == null) {
      if (session.status() == SessionStatus.ACTIVE) {
        throw new IllegalArgumentException("the session does not belong to this manager");
      }
      return false;
    }
    if (session.end()) {
      retire(session, SessionEndReason.ENDED);
      return true;
    }
    retire(session, reason(session.status()));
    return false;
  }

  /**
   * Ends a session normally: it becomes unusable at once and is removed, and the listeners
   * are told ({@link SessionEndReason#ENDED}).
   *
   * @return {@code true} if this call ended it; {@code false} if it had already expired or
   *     been revoked (it is purged with that reason)
   * @throws SessionNotFoundException if there is no such session
   * @throws TenantMismatchException if it belongs to another tenant
   */
  public boolean end(String sessionId, String tenantId) {
    Session session = lookup(sessionId, tenantId);
    if (session.end()) {
      retire(session, SessionEndReason.ENDED);
      return true;
    }
    retire(session, reason(session.status()));
    return false;
  }

  /**
   * Revokes a session: it becomes unusable at once and is removed, and the listeners are told
   * ({@link SessionEndReason#REVOKED}).
   *
   * @return {@code true} if this call revoked it
   * @throws SessionNotFoundException if there is no such session
   * @throws TenantMismatchException if it belongs to another tenant
   */
  public boolean revoke(String sessionId, String tenantId) {
    Session session = lookup(sessionId, tenantId);
    if (session.revoke()) {
      return true;
    }
    retire(session, reason(session.status()));
    return false;
  }

  /**
   * Ends every live session ({@link SessionEndReason#ENDED}) and purges the others, e.g. when
   * the application shuts down, so that every session that started also has its end recorded.
   *
   * @return how many live sessions this call ended
   */
  public int endAll() {
    int ended = 0;
    for (Session session : sessions.values()) {
      if (session.end()) {
        retire(session, SessionEndReason.ENDED);
        ended++;
      } else {
        retire(session, reason(session.status()));
      }
    }
    return ended;
  }

  /**
   * Removes every session that expired, was revoked or ended.
   *
   * @return how many were removed
   */
  public int purge() {
    int removed = 0;
    for (Session session : sessions.values()) {
      SessionStatus status = session.status();
      if (status != SessionStatus.ACTIVE && retire(session, reason(status))) {
        removed++;
      }
    }
    return removed;
  }

  /** The number of live sessions, after purging. */
  public int activeCount() {
    purge();
    return live.get();
  }

  /**
   * The session with this bearer id in this tenant, if it is active here or — opened on
   * another instance — in the shared state (then this instance takes it over: a
   * {@link Session#isAdopted() adopted} session with the same id, user, tenant and expiry, whose
   * budgets are the same ledger totals). Empty for an unknown, ended, expired or revoked session
   * and for another tenant's.
   *
   * @throws io.ape.api.StateUnavailableException if the shared state cannot answer
   * @since 0.2.0
   */
  public Optional<Session> find(String sessionId, String tenantId) {
    Objects.requireNonNull(tenantId, "tenantId");
    if (sessionId == null || sessionId.isEmpty()) {
      return Optional.empty();
    }
    Session local = sessions.get(sessionId);
    if (local != null) {
      return local.tenantId().equals(tenantId) && local.isActive() ? Optional.of(local)
          : Optional.empty();
    }
    SessionRecord record = state.sessions().find(Session.referenceOf(sessionId)).orElse(null);
    if (record == null || !record.activeAt(clock.instant())
        || !record.tenantId().equals(tenantId)) {
      return Optional.empty();
    }
    return Optional.ofNullable(adopt(sessionId, record));
  }

  private Session adopt(String id, SessionRecord record) {
    int count;
    do {
      count = live.get();
      if (count >= maxSessions) {
        throw new SessionException("there are already " + maxSessions
            + " live sessions (the maximum); end sessions or raise maxSessions");
      }
    } while (!live.compareAndSet(count, count + 1));
    Session session = new Session(id, record.userId(), record.tenantId(), record.createdAt(),
        record.expiresAt(), clock, maxActionsPerSession, Double.POSITIVE_INFINITY, state.limits(),
        true, this::retireIfInactive);
    try {
      openInLimiters(id);
    } catch (RuntimeException e) {
      live.decrementAndGet();
      throw e;
    }
    Session raced = sessions.putIfAbsent(id, session);
    if (raced != null) {
      live.decrementAndGet();
      return raced.isActive() ? raced : null;
    }
    LOG.debug("session of user {} in tenant {} taken over from the shared state",
        ActionIds.printable(record.userId()), ActionIds.printable(record.tenantId()));
    return started(session);
  }

  /**
   * Throws unless {@code session} is active here and in the shared state (another instance may
   * have ended or revoked it); a session ended elsewhere is revoked here too.
   *
   * @throws SessionExpiredException if it expired
   * @throws SessionRevokedException if it was revoked or ended, here or elsewhere
   * @throws io.ape.api.StateUnavailableException if the shared state cannot answer
   * @since 0.2.0
   */
  public void ensureActiveEverywhere(Session session) {
    session.ensureActive();
    SessionRecord record = state.sessions().find(session.reference()).orElse(null);
    if (record == null || !record.activeAt(clock.instant())) {
      session.revoke("ended in the shared state");
      throw new SessionRevokedException("the session ended (or was revoked) in the shared "
          + "state: " + (record == null ? "it is unknown there"
              : record.status().name().toLowerCase(java.util.Locale.ROOT))
          + "; it cannot be used again");
    }
  }

  /** Records the end in the shared state and advances the session's revocation epoch. */
  private void endShared(Session session, SessionEndReason reason) {
    try {
      state.sessions().end(session.reference(), reason == SessionEndReason.REVOKED
          ? SessionRecord.Status.REVOKED : SessionRecord.Status.ENDED);
      state.revocations().revokeSession(session.reference());
    } catch (RuntimeException e) {
      LOG.warn("could not record the end of session {} in the shared state: {}",
          session.reference(), e.toString());
    }
  }

  /** The shared state sessions, their budgets and their revocation live in. */
  public SharedState sharedState() {
    return state;
  }

  private Session lookup(String sessionId, String tenantId) {
    Objects.requireNonNull(tenantId, "tenantId");
    Session session = sessionId == null ? null : sessions.get(sessionId);
    if (session == null) {
      throw new SessionNotFoundException("no live session with that id; it never existed, "
          + "or it expired, was revoked or ended");
    }
    if (!session.tenantId().equals(tenantId)) {
      throw new TenantMismatchException(session.tenantId(), tenantId,
          "the session belongs to another tenant than " + ActionIds.printable(tenantId));
    }
    return session;
  }

  /** Called by a session that was revoked or refused to act because it is not active. */
  private void retireIfInactive(Session session) {
    SessionStatus status = session.status();
    if (status != SessionStatus.ACTIVE) {
      retire(session, reason(status));
    }
  }

  /** Removes a session once: closes it in the limiter and tells the listeners. */
  private boolean retire(Session session, SessionEndReason reason) {
    return retire(session, reason, true);
  }

  private boolean retire(Session session, SessionEndReason reason, boolean notify) {
    if (!sessions.remove(session.id(), session)) {
      return false;
    }
    live.decrementAndGet();
    closeInLimiters(session.id());
    endShared(session, reason);
    if (!notify) {
      return true;
    }
    LOG.debug("session of user {} in tenant {} removed: {}",
        ActionIds.printable(session.userId()), ActionIds.printable(session.tenantId()), reason);
    for (SessionListener listener : listeners) {
      try {
        listener.sessionEnded(session, reason);
      } catch (RuntimeException e) {
        LOG.error("session listener {} failed on sessionEnded ({})", listener, reason, e);
      }
    }
    return true;
  }

  private static SessionEndReason reason(SessionStatus status) {
    switch (status) {
      case EXPIRED:
        return SessionEndReason.EXPIRED;
      case ENDED:
        return SessionEndReason.ENDED;
      default:
        return SessionEndReason.REVOKED;
    }
  }

  private void checkTtl(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("a session ttl must be positive, but is " + ttl);
    }
    if (ttl.compareTo(maxTtl) > 0) {
      throw new IllegalArgumentException("a session ttl of " + ttl + " is longer than the "
          + "maximum " + maxTtl + " (configure SessionManager.Builder.maxTtl)");
    }
  }

  private static void checkName(String what, String name) {
    Objects.requireNonNull(name, what);
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH
        || name.chars().anyMatch(Character::isISOControl) || name.isBlank()) {
      throw new IllegalArgumentException(what + " must have 1 to " + MAX_NAME_LENGTH
          + " characters, not all blank, and no control characters: "
          + ActionIds.printable(name));
    }
  }

  @Override
  public String toString() {
    return "SessionManager[" + live.get() + " live sessions, max " + maxSessions + ", max ttl "
        + maxTtl + "]";
  }

  /** Builds a {@link SessionManager}. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Duration defaultTtl = DEFAULT_TTL;
    private Duration maxTtl = DEFAULT_MAX_TTL;
    private int maxSessions = 10_000;
    private int maxActionsPerSession = 10_000;
    private final List<RateLimiter> rateLimiters = new ArrayList<>();
    private final List<SessionListener> listeners = new ArrayList<>();
    private SharedState state;

    private Builder() {}

    /**
     * The shared state: its session store holds every session (so that other instances see it
     * and its end), its ledger the sessions' action caps and risk budgets, its revocation
     * registry their epochs (default: a new in-memory state of this manager's own).
     *
     * @since 0.2.0
     */
    public Builder sharedState(SharedState state) {
      this.state = Objects.requireNonNull(state, "state");
      return this;
    }

    /** The clock that times sessions. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The ttl of {@link SessionManager#create(String, String)} (default 30 minutes). */
    public Builder defaultTtl(Duration ttl) {
      this.defaultTtl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    /** The longest ttl accepted (default 24 hours, at most 366 days). */
    public Builder maxTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isZero() || ttl.isNegative() || ttl.compareTo(LONGEST_MAX_TTL) > 0) {
        throw new IllegalArgumentException("maxTtl must be positive and at most "
            + LONGEST_MAX_TTL + ", but is " + ttl);
      }
      this.maxTtl = ttl;
      return this;
    }

    /** The most live sessions (default 10,000). */
    public Builder maxSessions(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxSessions must be at least 1: " + max);
      }
      this.maxSessions = max;
      return this;
    }

    /** The most actions one session may record (default 10,000). */
    public Builder maxActionsPerSession(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxActionsPerSession must be at least 1: " + max);
      }
      this.maxActionsPerSession = max;
      return this;
    }

    /**
     * Opens every new session in this limiter and closes it when the session is removed. May
     * be called several times: every limiter applies.
     */
    public Builder rateLimiter(RateLimiter limiter) {
      this.rateLimiters.add(Objects.requireNonNull(limiter, "limiter"));
      return this;
    }

    /** Adds a listener. */
    public Builder listener(SessionListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the manager.
     *
     * @throws IllegalArgumentException if the default ttl is not positive or is longer than
     *     the maximum
     */
    public SessionManager build() {
      if (defaultTtl.isZero() || defaultTtl.isNegative() || defaultTtl.compareTo(maxTtl) > 0) {
        throw new IllegalArgumentException("defaultTtl must be positive and at most maxTtl ("
            + maxTtl + "), but is " + defaultTtl);
      }
      return new SessionManager(this);
    }
  }
}
