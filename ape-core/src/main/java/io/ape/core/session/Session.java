package io.ape.core.session;

import io.ape.api.ActionIds;
import io.ape.api.Provenance;
import io.ape.api.RateLimitExceededException;
import io.ape.api.RiskLevel;
import io.ape.api.SessionException;
import io.ape.api.SessionExpiredException;
import io.ape.api.SessionRevokedException;
import io.ape.core.ratelimit.LedgerLimits;
import io.ape.core.ratelimit.SessionBudgets;
import io.ape.spi.state.LimitLedger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One user's conversation with the agent, in one tenant, for a bounded time (DESIGN §7).
 * Created by {@link SessionManager#create}.
 *
 * <p>A session is usable while it is {@link SessionStatus#ACTIVE}: before
 * {@link #expiresAt()} (a session is expired <em>at</em> that instant), not revoked and not
 * ended. Every mutation that can let something run — {@link #reserveAction},
 * {@link #recordAction}, {@link #recordTokenIssued}, {@link #updateContext} — checks that under
 * the same lock as {@link #revoke}, so once {@code revoke()} has returned nothing more is
 * reserved or issued in it; an unusable session throws {@link SessionExpiredException} or
 * {@link SessionRevokedException} (also for an ended one), and the first such refusal of an
 * expired session removes it from its manager (listeners see it end, {@code EXPIRED}).
 *
 * <p><b>Accounting.</b> An action is first <em>reserved</em> ({@link #reserveAction}, or
 * {@link #reserve} together with the policy's limits, right before authority is issued for it):
 * that counts it against the session's action cap and adds its {@link RiskLevel#score()} to
 * {@link #cumulativeRisk()}, atomically with the active check, in one operation on the engine's
 * {@link LimitLedger} — the one tally of the session's actions and risk, shared by every
 * instance pointed at the same state ({@link SessionBudgets}). Reservations are never returned,
 * even if the action is then denied or fails (fail closed). When its tool has run,
 * {@link #recordExecuted} lists it in {@link #actionsExecuted()} and remembers its parameters in
 * the {@link #context()}. {@link #recordAction} does both at once, for callers that run the
 * action right after. A session reserves at most its {@link #maxActions()} actions (a
 * {@link RateLimitExceededException} with limit type {@value #ACTIONS_LIMIT_TYPE} after that),
 * and at most its risk budget ({@link io.ape.api.RiskBudgetExceededException}). Thread-safe.
 *
 * <p>The id is a bearer secret: {@link #toString()} shows only its first 6 characters, and
 * audit records and logs carry the non-secret {@link #reference()} instead.
 */
public final class Session {
  /** The {@link RateLimitExceededException#limitType()} of the session action cap. */
  public static final String ACTIONS_LIMIT_TYPE = SessionBudgets.ACTIONS_LIMIT_TYPE;

  private final String id;
  private final String reference;
  private final String userId;
  private final String tenantId;
  private final Instant createdAt;
  private final Duration ttl;
  private final Instant expiresAt;
  private final Clock clock;
  private final int maxActions;
  private final double maxCumulativeRisk;
  private final LimitLedger ledger;
  private final SessionBudgets budgets;
  private final boolean adopted;
  private final Consumer<Session> onInactive;

  private final Object lock = new Object();
  private SessionStatus state = SessionStatus.ACTIVE;
  private String revocationReason = "";
  /** Reservations made through this object (the ledger holds the session's true totals). */
  private int reservedHere;
  private final List<String> executed = new ArrayList<>();
  private long tokensIssued;
  private SessionContext context = SessionContext.empty();

  Session(String id, String userId, String tenantId, Instant createdAt, Instant expiresAt,
      Clock clock, int maxActions, double maxCumulativeRisk, LimitLedger ledger, boolean adopted,
      Consumer<Session> onInactive) {
    this.id = id;
    this.reference = referenceOf(id);
    this.userId = userId;
    this.tenantId = tenantId;
    this.clock = clock;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
    this.ttl = Duration.between(createdAt, expiresAt);
    this.maxActions = maxActions;
    this.maxCumulativeRisk = maxCumulativeRisk;
    this.ledger = ledger;
    this.adopted = adopted;
    this.onInactive = onInactive;
    this.budgets = new SessionBudgets(reference, maxActions, maxCumulativeRisk,
        ttl.isZero() || ttl.isNegative() ? Duration.ofSeconds(1) : ttl);
  }

  /**
   * The non-secret reference of the session whose bearer id is {@code id}: {@code "s-"} and 16
   * URL-safe characters of its SHA-256 (not reversible).
   *
   * @since 0.2.0
   */
  public static String referenceOf(String id) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(id.getBytes(StandardCharsets.UTF_8));
      return "s-" + Base64.getUrlEncoder().withoutPadding()
          .encodeToString(java.util.Arrays.copyOf(digest, 12));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** The session id: 32 URL-safe characters from a {@link java.security.SecureRandom}. */
  public String id() {
    return id;
  }

  /**
   * A non-secret reference to the session: {@code "s-"} and 16 characters derived from the id
   * by SHA-256. It names the session in audit records and logs; the session cannot be looked
   * up by it.
   */
  public String reference() {
    return reference;
  }

  /** The most actions this session may reserve. */
  public int maxActions() {
    return maxActions;
  }

  /**
   * The session's own risk budget ({@code +Infinity} for none; the policy's applies too).
   *
   * @since 0.2.0
   */
  public double maxCumulativeRisk() {
    return maxCumulativeRisk;
  }

  /**
   * The session's budgets in the ledger (its action cap and risk budget under its reference).
   *
   * @since 0.2.0
   */
  public SessionBudgets budgets() {
    return budgets;
  }

  /**
   * Whether this instance took the session over from the shared state (it was opened on
   * another instance).
   *
   * @since 0.2.0
   */
  public boolean isAdopted() {
    return adopted;
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
    try {
      synchronized (lock) {
        ensureActiveLocked();
      }
    } catch (SessionException e) {
      onInactive.accept(this);
      throw e;
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
            + " was revoked" + (revocationReason.isEmpty() ? "" : " (" + revocationReason + ")")
            + "; it cannot be used again");
      default:
        throw new SessionRevokedException("the session of user " + ActionIds.printable(userId)
            + " has ended; it cannot be used again");
    }
  }

  /**
   * Reserves an action in this session, atomically with the check that the session is active:
   * counts it against {@link #maxActions()} and adds its risk score to
   * {@link #cumulativeRisk()}. Call it right before authority is issued for the action, and
   * issue only if it returns. A reservation is never returned.
   *
   * @throws SessionExpiredException if the session has expired
   * @throws SessionRevokedException if it was revoked or ended
   * @throws RateLimitExceededException if it already reserved {@code maxActions} actions
   *     (limit type {@value #ACTIONS_LIMIT_TYPE})
   * @throws IllegalArgumentException if the action id is not valid
   */
  public void reserveAction(String actionId, RiskLevel riskLevel) {
    reserve(LedgerLimits.none(), actionId, List.of(), riskLevel, false);
  }

  /**
   * Reserves an action in this session together with the limits that apply to it — every window
   * of {@code limits} (the policy's {@code rate_limits}), the session's action cap and its risk
   * budget — in one atomic operation on the ledger, atomically with the check that the session is
   * active: all are charged, or none.
   *
   * @param limits the policy's limits ({@link LedgerLimits#none()} for none)
   * @param targets the action's targets, for target limits
   * @throws SessionExpiredException if the session has expired
   * @throws SessionRevokedException if it was revoked or ended
   * @throws RateLimitExceededException if a window is full or the action cap is reached
   *     (limit type {@value #ACTIONS_LIMIT_TYPE}); {@link io.ape.api.RiskBudgetExceededException}
   *     if the risk budget would be exceeded
   * @throws io.ape.api.StateUnavailableException if the ledger cannot answer
   * @throws IllegalArgumentException if the action id is not valid
   * @since 0.2.0
   */
  public void reserve(LedgerLimits limits, String actionId, Collection<String> targets,
      RiskLevel riskLevel) {
    reserve(limits, actionId, targets, riskLevel, false);
  }

  /**
   * Reserves an action ({@link #reserveAction}) and records it as executed at once, for a
   * caller that runs the action right after this returns and only if it returns.
   *
   * @throws SessionExpiredException if the session has expired
   * @throws SessionRevokedException if it was revoked or ended
   * @throws RateLimitExceededException if it already reserved {@code maxActions} actions
   * @throws IllegalArgumentException if the action id is not valid
   */
  public void recordAction(String actionId, RiskLevel riskLevel) {
    reserve(LedgerLimits.none(), actionId, List.of(), riskLevel, true);
  }

  private void reserve(LedgerLimits limits, String actionId, Collection<String> targets,
      RiskLevel riskLevel, boolean andExecuted) {
    if (!ActionIds.isValid(actionId)) {
      throw new IllegalArgumentException("cannot record the action "
          + ActionIds.printable(actionId) + ": not a valid action id");
    }
    Objects.requireNonNull(riskLevel, "riskLevel");
    Objects.requireNonNull(limits, "limits");
    try {
      synchronized (lock) {
        ensureActiveLocked();
        limits.reserve(ledger, budgets, actionId, targets, riskLevel.score(), clock.instant());
        reservedHere++;
        if (andExecuted) {
          executed.add(actionId);
        }
      }
    } catch (SessionException e) {
      onInactive.accept(this);
      throw e;
    }
  }

  /**
   * Records that the tool of a reserved action ran: lists it in {@link #actionsExecuted()} and
   * remembers its parameters in the {@link #context()}
   * ({@link SessionContext#remember}). This records what happened, so it works in any state
   * (a session revoked while the tool ran still lists it), but it never executes or reserves
   * anything.
   *
   * @param provenance where the parameters came from (the context keeps it)
   * @throws IllegalStateException if more actions would be listed as executed than were
   *     reserved
   */
  public void recordExecuted(String actionId, Map<String, ?> parameters, Provenance provenance) {
    Objects.requireNonNull(actionId, "actionId");
    synchronized (lock) {
      if (executed.size() >= reservedHere) {
        throw new IllegalStateException("cannot record " + ActionIds.printable(actionId)
            + " as executed: the session reserved only " + reservedHere + " actions here");
      }
      executed.add(actionId);
      context = context.remember(actionId, parameters, provenance);
    }
  }

  /**
   * Counts one authority token issued in this session, atomically with the active check.
   *
   * @throws SessionExpiredException if the session has expired
   * @throws SessionRevokedException if it was revoked or ended
   */
  public void recordTokenIssued() {
    try {
      synchronized (lock) {
        ensureActiveLocked();
        tokensIssued++;
      }
    } catch (SessionException e) {
      onInactive.accept(this);
      throw e;
    }
  }

  /** The number of actions reserved so far (executed or not), as the ledger counts them. */
  public int actionsReserved() {
    return maxActions == Integer.MAX_VALUE ? reservedHereCount()
        : (int) ledger.total(budgets.actionsKey());
  }

  private int reservedHereCount() {
    synchronized (lock) {
      return reservedHere;
    }
  }

  /** The ids of the actions recorded as executed, in order (a snapshot). */
  public List<String> actionsExecuted() {
    synchronized (lock) {
      return List.copyOf(executed);
    }
  }

  /** The exact sum of the reserved actions' risk scores (the ledger's total). */
  public double cumulativeRisk() {
    return ledger.total(budgets.riskKey());
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
    try {
      synchronized (lock) {
        ensureActiveLocked();
        SessionContext next = Objects.requireNonNull(update.apply(context),
            "the context update returned null");
        context = next;
        return next;
      }
    } catch (SessionException e) {
      onInactive.accept(this);
      throw e;
    }
  }

  /** A consistent snapshot of the usage. */
  public SessionUsageSummary usageSummary() {
    double risk = cumulativeRisk();
    synchronized (lock) {
      Instant now = clock.instant();
      return new SessionUsageSummary(userId, tenantId, statusLocked(now), createdAt, expiresAt,
          remainingLocked(now), executed, risk, tokensIssued);
    }
  }

  /**
   * Revokes the session, irreversibly. Once this returns, nothing more is recorded in it.
   *
   * @return {@code true} if this call revoked it, {@code false} if it was already revoked,
   *     ended or expired (and so already unusable)
   */
  public boolean revoke() {
    return revoke("");
  }

  /**
   * As {@link #revoke()}, keeping why (shown by {@link #revocationReason()}, in the
   * {@link SessionRevokedException} of later calls, and in the audit record of the end).
   *
   * @param reason why, e.g. {@code "user logged out"}; {@code null} or blank for none
   */
  public boolean revoke(String reason) {
    synchronized (lock) {
      if (statusLocked(clock.instant()) != SessionStatus.ACTIVE) {
        return false;
      }
      state = SessionStatus.REVOKED;
      revocationReason = reason == null ? "" : ActionIds.printable(reason.strip());
    }
    onInactive.accept(this);
    return true;
  }

  /** Why the session was revoked ({@code ""} if it was not, or no reason was given). */
  public String revocationReason() {
    synchronized (lock) {
      return revocationReason;
    }
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
