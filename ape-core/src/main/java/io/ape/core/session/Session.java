package io.ape.core.session;

import io.ape.api.ActionIds;
import io.ape.api.RiskLevel;
import io.ape.api.SessionException;
import io.ape.api.SessionExpiredException;
import io.ape.api.SessionRevokedException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One user's conversation with the agent, in one tenant, for a bounded time (DESIGN §7).
 * Created by {@link SessionManager#create}.
 *
 * <p>A session is usable while it is {@link SessionStatus#ACTIVE}: before
 * {@link #expiresAt()} (a session is expired <em>at</em> that instant), not revoked and not
 * ended. Every mutation — {@link #recordAction}, {@link #recordTokenIssued},
 * {@link #updateContext} — checks that under the same lock as {@link #revoke}, so once
 * {@code revoke()} has returned nothing more is recorded; an unusable session throws
 * {@link SessionExpiredException} or {@link SessionRevokedException} (also for an ended one).
 * To bind execution to the session, record the action <em>before</em> running it and run it
 * only if recording succeeded.
 *
 * <p>The cumulative risk is the exact decimal sum of the recorded actions'
 * {@link RiskLevel#score()}. A session records at most {@code maxActions} actions (a
 * {@link SessionException} after that), so its memory is bounded. Thread-safe.
 *
 * <p>The id is a bearer secret: {@link #toString()} shows only its first 6 characters.
 */
public final class Session {
  private final String id;
  private final String userId;
  private final String tenantId;
  private final Instant createdAt;
  private final Duration ttl;
  private final Instant expiresAt;
  private final Clock clock;
  private final int maxActions;
  private final Consumer<Session> onRevoke;

  private final Object lock = new Object();
  private SessionStatus state = SessionStatus.ACTIVE;
  private final List<String> actions = new ArrayList<>();
  private BigDecimal risk = BigDecimal.ZERO;
  private long tokensIssued;
  private SessionContext context = SessionContext.empty();

  Session(String id, String userId, String tenantId, Duration ttl, Clock clock, int maxActions,
      Consumer<Session> onRevoke) {
    this.id = id;
    this.userId = userId;
    this.tenantId = tenantId;
    this.ttl = ttl;
    this.clock = clock;
    this.createdAt = clock.instant();
    this.expiresAt = createdAt.plus(ttl);
    this.maxActions = maxActions;
    this.onRevoke = onRevoke;
  }

  /** The session id: 32 URL-safe characters from a {@link java.security.SecureRandom}. */
  public String id() {
    return id;
  }

  /** The user the session belongs to. */
  public String userId() {
    return userId;
  }

  /** The tenant the session belongs to. */
  public String tenantId() {
    return tenantId;
  }

  /** When the session was created. */
  public Instant createdAt() {
    return createdAt;
  }

  /** The time to live it was created with. */
  public Duration ttl() {
    return ttl;
  }

  /** When it expires; there is no way to extend it. */
  public Instant expiresAt() {
    return expiresAt;
  }

  /** The current status. */
  public SessionStatus status() {
    synchronized (lock) {
      return statusLocked(clock.instant());
    }
  }

  private SessionStatus statusLocked(Instant now) {
    if (state != SessionStatus.ACTIVE) {
      return state;
    }
    return now.isBefore(expiresAt) ? SessionStatus.ACTIVE : SessionStatus.EXPIRED;
  }

  /** {@code true} if the session may record and execute. */
  public boolean isActive() {
    return status() == SessionStatus.ACTIVE;
  }

  /** {@code true} if the time to live has passed (and it was not revoked or ended before). */
  public boolean isExpired() {
    return status() == SessionStatus.EXPIRED;
  }

  /** {@code true} if the session was revoked. */
  public boolean isRevoked() {
    return status() == SessionStatus.REVOKED;
  }

  /** The time left before expiry; zero once the session is not active. */
  public Duration timeRemaining() {
    synchronized (lock) {
      return remainingLocked(clock.instant());
    }
  }

  private Duration remainingLocked(Instant now) {
    return statusLocked(now) == SessionStatus.ACTIVE
        ? Duration.between(now, expiresAt) : Duration.ZERO;
  }

  /**
   * Throws unless the session is active.
   *
   * @throws SessionExpiredException if its time to live has passed
   * @throws SessionRevokedException if it was revoked or ended
   */
  public void ensureActive() {
    synchronized (lock) {
      ensureActiveLocked();
    }
  }

  private void ensureActiveLocked() {
    SessionStatus status = statusLocked(clock.instant());
    switch (status) {
      case ACTIVE:
        return;
      case EXPIRED:
        throw new SessionExpiredException("the session of user " + ActionIds.printable(userId)
            + " expired at " + expiresAt + "; create a new session");
      case REVOKED:
        throw new SessionRevokedException("the session of user " + ActionIds.printable(userId)
            + " was revoked; it cannot be used again");
      default:
        throw new SessionRevokedException("the session of user " + ActionIds.printable(userId)
            + " has ended; it cannot be used again");
    }
  }

  /**
   * Records an action as executed in this session, atomically with the check that the session
   * is active. Call it right before running the action, and run the action only if it returns.
   *
   * @throws SessionExpiredException if the session has expired
   * @throws SessionRevokedException if it was revoked or ended
   * @throws SessionException if it already recorded {@code maxActions} actions
   * @throws IllegalArgumentException if the action id is not valid
   */
  public void recordAction(String actionId, RiskLevel riskLevel) {
    if (!ActionIds.isValid(actionId)) {
      throw new IllegalArgumentException("cannot record the action "
          + ActionIds.printable(actionId) + ": not a valid action id");
    }
    Objects.requireNonNull(riskLevel, "riskLevel");
    synchronized (lock) {
      ensureActiveLocked();
      if (actions.size() >= maxActions) {
        throw new SessionException("the session already executed " + maxActions
            + " actions, its maximum; create a new session");
      }
      actions.add(actionId);
      risk = risk.add(BigDecimal.valueOf(riskLevel.score()));
    }
  }

  /**
   * Counts one authority token issued in this session, atomically with the active check.
   *
   * @throws SessionExpiredException if the session has expired
   * @throws SessionRevokedException if it was revoked or ended
   */
  public void recordTokenIssued() {
    synchronized (lock) {
      ensureActiveLocked();
      tokensIssued++;
    }
  }

  /** The ids of the recorded actions, in order (a snapshot). */
  public List<String> actionsExecuted() {
    synchronized (lock) {
      return List.copyOf(actions);
    }
  }

  /** The sum of the recorded actions' risk scores. */
  public double cumulativeRisk() {
    synchronized (lock) {
      return risk.doubleValue();
    }
  }

  /** The authority tokens issued in this session. */
  public long tokensIssued() {
    synchronized (lock) {
      return tokensIssued;
    }
  }

  /** The conversational context (readable in any state). */
  public SessionContext context() {
    synchronized (lock) {
      return context;
    }
  }

  /**
   * Replaces the context with {@code update.apply(current)}, atomically with the active check.
   *
   * @return the new context
   * @throws SessionExpiredException if the session has expired
   * @throws SessionRevokedException if it was revoked or ended
   */
  public SessionContext updateContext(UnaryOperator<SessionContext> update) {
    Objects.requireNonNull(update, "update");
    synchronized (lock) {
      ensureActiveLocked();
      SessionContext next = Objects.requireNonNull(update.apply(context),
          "the context update returned null");
      context = next;
      return next;
    }
  }

  /** A consistent snapshot of the usage. */
  public SessionUsageSummary usageSummary() {
    synchronized (lock) {
      Instant now = clock.instant();
      return new SessionUsageSummary(userId, tenantId, statusLocked(now), createdAt, expiresAt,
          remainingLocked(now), actions, risk.doubleValue(), tokensIssued);
    }
  }

  /**
   * Revokes the session, irreversibly. Once this returns, nothing more is recorded in it.
   *
   * @return {@code true} if this call revoked it, {@code false} if it was already revoked,
   *     ended or expired (and so already unusable)
   */
  public boolean revoke() {
    synchronized (lock) {
      if (statusLocked(clock.instant()) != SessionStatus.ACTIVE) {
        return false;
      }
      state = SessionStatus.REVOKED;
    }
    onRevoke.accept(this);
    return true;
  }

  /** Ends the session normally; {@code true} if this call ended it. */
  boolean end() {
    synchronized (lock) {
      if (statusLocked(clock.instant()) != SessionStatus.ACTIVE) {
        return false;
      }
      state = SessionStatus.ENDED;
      return true;
    }
  }

  @Override
  public String toString() {
    return "Session[id=" + id.substring(0, Math.min(6, id.length())) + "..., user="
        + ActionIds.printable(userId) + ", tenant=" + ActionIds.printable(tenantId)
        + ", status=" + status() + "]";
  }
}
