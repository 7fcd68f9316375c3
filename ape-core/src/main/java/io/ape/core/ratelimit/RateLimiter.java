package io.ape.core.ratelimit;

import io.ape.api.ActionIds;
import io.ape.api.ApeConfigurationException;
import io.ape.api.RateLimit;
import io.ape.api.RateLimitExceededException;
import io.ape.api.RateLimitScope;
import io.ape.api.RateLimitSettings;
import io.ape.api.RiskBudgetExceededException;
import io.ape.api.SessionException;
import io.ape.api.SessionNotFoundException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate limits and the session risk budget (DESIGN §7), checked and recorded in one atomic step.
 *
 * <p>{@link #reserve} counts one action against every limit that applies to it — global,
 * per action id, per matching target pattern and, in a session, per session — and adds its
 * risk to the session's reserved risk, or refuses with {@link RateLimitExceededException}
 * ({@link RiskBudgetExceededException} for the budget) and counts nothing. Call it before
 * authority is issued; a granted reservation is never returned, even if the action is then
 * denied or fails (fail closed: a refund could be replayed to run more than the limit).
 *
 * <p><b>Atomicity.</b> Every limit has its own counter and lock; a reservation locks the
 * counters it touches in one global order (global, then action, then target counters, then
 * the session's own state), checks them all and records in all of them before unlocking. No
 * number of concurrent callers can push any window above its limit, and reservations that
 * share no counter do not contend.
 *
 * <p><b>Windows.</b> Every limit is a sliding window: an event at {@code t} is counted while
 * the clock is before {@code t + window}. For a limit of at most {@value SlidingWindow#EXACT_MAX}
 * the window keeps one timestamp per counted event and is exact to the millisecond; a
 * refusal's {@code resetAt} is the moment the oldest counted event leaves the window. Larger
 * limits use {@value SlidingWindow#BUCKETS} fixed buckets: they may refuse up to
 * window/{@value SlidingWindow#BUCKETS} early and report a {@code resetAt} up to that much
 * late, but never admit more than the limit in any window. Windows are pruned on every
 * reservation. A clock that steps back never frees a slot.
 *
 * <p><b>Targets.</b> Each pattern of {@code rate_limits.targets} is one counter, however many
 * hosts or paths it matches, so spreading calls over sub-domains or spellings
 * ({@code b.corp} after {@code a.corp}, {@code API.Example.com.} for
 * {@code api.example.com}) does not escape it. A target counts against <em>every</em> pattern
 * it matches, not only the most specific. A target that matches no pattern is not limited by
 * target limits (but still counts globally, per action and per session). How targets and
 * patterns are normalised and matched is described in {@code docs/rate-limits-and-sessions.md}.
 *
 * <p><b>Sessions.</b> Session limits and the risk budget need the session's state: open it
 * with {@link #openSession} when the session starts and {@link #closeSession} when it ends
 * (the session manager does both). A reservation for a session that is not open is refused
 * with {@link SessionNotFoundException}. The budget is inclusive: reserved risk plus the
 * action's risk may equal the budget, never exceed it. Risk is added in exact decimal
 * arithmetic (three LOW actions of 0.1 reach a budget of 0.3). Risk scores must be finite and
 * non-negative.
 *
 * <p><b>Memory.</b> Counters exist only for configured limits (never per concrete host,
 * path or unconfigured action id), plus the session limits of at most {@code maxSessions}
 * open sessions; a closed session's state is dropped.
 */
public final class RateLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
  private static final Counter[] NO_COUNTERS = new Counter[0];
  private static final long MAX_CLOCK_MILLIS = 1L << 60;
  private static final int MAX_SESSION_ID_LENGTH = 256;

  private final Clock clock;
  private final List<RateLimit> limits;
  private final Counter[] globalCounters;
  private final Map<String, Counter[]> actionCounters;
  private final TargetPattern[] patterns;
  private final Counter[][] patternCounters;
  private final List<Counter> sharedCounters;
  private final List<Limit> sessionLimits;
  private final double maxCumulativeRisk;
  private final BigDecimal budget;
  private final int maxSessions;
  private final Map<String, SessionCounters> sessions = new ConcurrentHashMap<>();
  private final Object sessionsLock = new Object();

  private RateLimiter(Builder b) {
    this.clock = b.clock;
    this.limits = List.copyOf(b.limits);
    this.maxCumulativeRisk = b.maxCumulativeRisk;
    this.budget = Double.isInfinite(b.maxCumulativeRisk)
        ? null : BigDecimal.valueOf(b.maxCumulativeRisk);
    this.maxSessions = b.maxSessions;
    List<Limit> global = new ArrayList<>();
    List<Limit> session = new ArrayList<>();
    Map<String, List<Limit>> byAction = new LinkedHashMap<>();
    Map<String, List<Limit>> byPattern = new LinkedHashMap<>();
    for (RateLimit limit : limits) {
      Limit resolved = Limit.of(limit);
      switch (limit.scope()) {
        case GLOBAL:
          global.add(resolved);
          break;
        case SESSION:
          session.add(resolved);
          break;
        case ACTION:
          if (!ActionIds.isValid(limit.key())) {
            throw new ApeConfigurationException("rate_limits.actions: "
                + ActionIds.printable(limit.key()) + " is not a valid action id (expected "
                + ActionIds.pattern() + ")");
          }
          byAction.computeIfAbsent(limit.key(), k -> new ArrayList<>()).add(resolved);
          break;
        default:
          byPattern.computeIfAbsent(limit.key(), k -> new ArrayList<>()).add(resolved);
          break;
      }
    }
    List<Counter> shared = new ArrayList<>();
    this.globalCounters = counters(global, shared);
    Map<String, Counter[]> actions = new LinkedHashMap<>();
    byAction.forEach((id, list) -> actions.put(id, counters(list, shared)));
    this.actionCounters = Map.copyOf(actions);
    this.patterns = new TargetPattern[byPattern.size()];
    this.patternCounters = new Counter[byPattern.size()][];
    int i = 0;
    for (Map.Entry<String, List<Limit>> e : byPattern.entrySet()) {
      patterns[i] = TargetPattern.compile(e.getKey());
      patternCounters[i] = counters(e.getValue(), shared);
      i++;
    }
    this.sharedCounters = List.copyOf(shared);
    this.sessionLimits = List.copyOf(session);
  }

  /** Appends one counter per limit, numbered in creation order (which is the lock order). */
  private static Counter[] counters(List<Limit> list, List<Counter> shared) {
    Counter[] out = new Counter[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = new Counter(shared.size(), list.get(i), list.get(i).newWindow());
      shared.add(out[i]);
    }
    return out;
  }

  /** A limiter for a policy's {@code rate_limits} section. */
  public static RateLimiter fromSettings(RateLimitSettings settings, Clock clock) {
    return builder().settings(settings).clock(clock).build();
  }

  /** A builder with no limits, the system UTC clock and at most 10,000 open sessions. */
  public static Builder builder() {
    return new Builder();
  }

  /** Every configured limit, in configuration order. */
  public List<RateLimit> limits() {
    return limits;
  }

  /** The session risk budget, {@link Double#POSITIVE_INFINITY} if none. */
  public double maxCumulativeRisk() {
    return maxCumulativeRisk;
  }

  // ---------------------------------------------------------------- sessions

  /**
   * Starts tracking a session (its session limits and reserved risk). Opening an open session
   * does nothing.
   *
   * @throws SessionException if {@code maxSessions} sessions are already open
   * @throws IllegalArgumentException if the id is empty or longer than 256 characters
   */
  public void openSession(String sessionId) {
    openSession(sessionId, Double.POSITIVE_INFINITY);
  }

  /**
   * As {@link #openSession(String)}, with a risk budget of the session's own: the session may
   * reserve up to the smaller of it and the limiter's budget. Opening an open session does
   * nothing (its budget stays).
   *
   * @param maxCumulativeRisk the session's budget, at least 0
   *     ({@link Double#POSITIVE_INFINITY} for the limiter's)
   * @throws SessionException if {@code maxSessions} sessions are already open
   * @throws IllegalArgumentException if the id is empty or longer than 256 characters, or the
   *     budget is NaN or negative
   */
  public void openSession(String sessionId, double maxCumulativeRisk) {
    checkSessionId(sessionId);
    if (Double.isNaN(maxCumulativeRisk) || maxCumulativeRisk < 0) {
      throw new IllegalArgumentException("a session risk budget must be a number of at least 0: "
          + maxCumulativeRisk);
    }
    double own = Math.min(maxCumulativeRisk, this.maxCumulativeRisk);
    BigDecimal sessionBudget = Double.isInfinite(own) ? null : BigDecimal.valueOf(own);
    synchronized (sessionsLock) {
      if (sessions.containsKey(sessionId)) {
        return;
      }
      if (sessions.size() >= maxSessions) {
        throw new SessionException("the rate limiter already tracks " + maxSessions
            + " open sessions (its maximum); end sessions or raise maxSessions");
      }
      sessions.put(sessionId, new SessionCounters(sessionLimits, sessionBudget));
    }
  }

  /**
   * Stops tracking a session and drops its state. After this returns, reservations for the
   * session are refused with {@link SessionNotFoundException}.
   *
   * @return {@code true} if the session was open
   */
  public boolean closeSession(String sessionId) {
    if (sessionId == null) {
      return false;
    }
    SessionCounters state = sessions.remove(sessionId);
    if (state == null) {
      return false;
    }
    state.lock.lock();
    try {
      state.closed = true;
    } finally {
      state.lock.unlock();
    }
    return true;
  }

  /** {@code true} if the session is open in this limiter. */
  public boolean isSessionOpen(String sessionId) {
    return sessionId != null && sessions.containsKey(sessionId);
  }

  /** The number of open sessions. */
  public int openSessions() {
    return sessions.size();
  }

  private static void checkSessionId(String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    if (sessionId.isEmpty() || sessionId.length() > MAX_SESSION_ID_LENGTH) {
      throw new IllegalArgumentException("a session id must have 1 to " + MAX_SESSION_ID_LENGTH
          + " characters");
    }
  }

  /** {@code null} and {@code ""} (as in {@link io.ape.api.RequestContext}) mean no session. */
  private static boolean noSession(String sessionId) {
    return sessionId == null || sessionId.isEmpty();
  }

  private SessionCounters session(String sessionId) {
    SessionCounters state = sessions.get(sessionId);
    if (state == null) {
      throw notOpen();
    }
    return state;
  }

  private static SessionNotFoundException notOpen() {
    return new SessionNotFoundException("the session is not open in the rate limiter "
        + "(never opened, or already ended); no action may be counted for it");
  }

  // ---------------------------------------------------------------- reserve

  /**
   * As {@link #reserve(String, String, Collection, double)} with at most one target.
   *
   * @param target the host, URL or path the action acts on, or {@code null}
   */
  public Reservation reserve(String sessionId, String actionId, String target, double riskScore) {
    return reserve(sessionId, actionId, target == null ? List.of() : List.of(target), riskScore);
  }

  /**
   * Counts one action against every applicable limit and reserves its risk in the session,
   * atomically, or refuses and counts nothing.
   *
   * @param sessionId the session, or {@code null} or {@code ""} outside a session (then
   *     session limits and the risk budget do not apply)
   * @param actionId the action
   * @param targets the hosts, URLs or paths the action acts on ({@code null} elements ignored);
   *     each matching pattern is counted once however many targets match it
   * @param riskScore the action's risk, finite and at least 0 (e.g. {@code RiskLevel.score()})
   * @return the reservation
   * @throws RateLimitExceededException if a limit is reached; if several are, the one that
   *     frees last ({@link RiskBudgetExceededException} for the risk budget)
   * @throws SessionNotFoundException if the session is not open
   * @throws IllegalArgumentException for an invalid action id or a negative, NaN or infinite
   *     risk score
   */
  public Reservation reserve(String sessionId, String actionId, Collection<String> targets,
      double riskScore) {
    if (!ActionIds.isValid(actionId)) {
      throw new IllegalArgumentException("cannot count the action "
          + ActionIds.printable(actionId) + ": not a valid action id");
    }
    if (Double.isNaN(riskScore) || Double.isInfinite(riskScore) || riskScore < 0) {
      throw new IllegalArgumentException("risk score of " + actionId
          + " must be a finite number of at least 0, but is " + riskScore);
    }
    Objects.requireNonNull(targets, "targets");
    SessionCounters state = noSession(sessionId) ? null : session(sessionId);
    Counter[] counters = applicable(actionId, targets);
    long now = now();
    RateLimitExceededException refusal = null;
    BigDecimal sessionRisk = BigDecimal.ZERO;
    int locked = 0;
    try {
      for (; locked < counters.length; locked++) {
        counters[locked].lock.lock();
      }
      if (state != null) {
        state.lock.lock();
      }
      try {
        if (state != null && state.closed) {
          throw notOpen();
        }
        Refusal worst = null;
        for (Counter counter : counters) {
          worst = check(counter.limit, counter.window, now, worst);
        }
        if (state != null) {
          for (int i = 0; i < state.windows.length; i++) {
            worst = check(sessionLimits.get(i), state.windows[i], now, worst);
          }
          sessionRisk = state.risk.add(BigDecimal.valueOf(riskScore));
          if (state.budget != null && sessionRisk.compareTo(state.budget) > 0 && (worst == null
              || worst.resetAt != Long.MAX_VALUE)) {
            refusal = riskRefusal(actionId, state.budget, state.risk, riskScore);
          }
        }
        if (refusal == null && worst != null) {
          refusal = windowRefusal(actionId, worst);
        }
        if (refusal == null) {
          for (Counter counter : counters) {
            counter.window.record(now);
          }
          if (state != null) {
            for (SlidingWindow window : state.windows) {
              window.record(now);
            }
            state.risk = sessionRisk;
          }
        }
      } finally {
        if (state != null) {
          state.lock.unlock();
        }
      }
    } finally {
      for (int i = locked - 1; i >= 0; i--) {
        counters[i].lock.unlock();
      }
    }
    if (refusal != null) {
      LOG.debug("refused {}: {}", actionId, refusal.limitType());
      throw refusal;
    }
    List<String> labels = new ArrayList<>(counters.length + sessionLimits.size());
    for (Counter counter : counters) {
      labels.add(counter.limit.label());
    }
    if (state != null) {
      for (Limit limit : sessionLimits) {
        labels.add(limit.label());
      }
    }
    return new Reservation(actionId, Instant.ofEpochMilli(now), riskScore,
        sessionRisk.doubleValue(), labels);
  }

  /** A refused limit and when it frees. */
  private record Refusal(Limit limit, int used, long resetAt) {}

  private static Refusal check(Limit limit, SlidingWindow window, long now, Refusal worst) {
    int used = window.count(now);
    if (used < limit.max()) {
      return worst;
    }
    long resetAt = window.nextFree(now);
    return worst == null || resetAt > worst.resetAt ? new Refusal(limit, used, resetAt) : worst;
  }

  private static RateLimitExceededException windowRefusal(String actionId, Refusal r) {
    Limit limit = r.limit;
    Instant resetAt = r.resetAt == Long.MAX_VALUE ? Instant.MAX : Instant.ofEpochMilli(r.resetAt);
    String when = limit.max() == 0
        ? "this limit allows no action at all"
        : "the next slot frees at " + resetAt;
    return new RateLimitExceededException(actionId, limit.label(), limit.max(), resetAt,
        "rate limit " + limit.label() + " reached for action " + ActionIds.printable(actionId)
            + ": at most " + limit.max() + " per " + limit.source().window() + " ("
            + r.used + " counted); " + when);
  }

  private static RiskBudgetExceededException riskRefusal(String actionId, BigDecimal budget,
      BigDecimal reserved, double riskScore) {
    return new RiskBudgetExceededException(actionId, budget.doubleValue(), reserved.doubleValue(),
        riskScore, "risk budget of the session exceeded by action "
            + ActionIds.printable(actionId) + ": " + reserved.toPlainString() + " reserved + "
            + BigDecimal.valueOf(riskScore).toPlainString() + " > " + budget.toPlainString()
            + "; the budget does not reset within a session");
  }

  /** The counters that apply, in ascending lock order. */
  private Counter[] applicable(String actionId, Collection<String> targets) {
    Counter[] action = actionCounters.getOrDefault(actionId, NO_COUNTERS);
    boolean[] matched = null;
    int n = globalCounters.length + action.length;
    if (patterns.length > 0 && !targets.isEmpty()) {
      List<Target> classified = new ArrayList<>(targets.size());
      for (String raw : targets) {
        Target target = Target.of(raw);
        if (target != null) {
          classified.add(target);
        }
      }
      matched = new boolean[patterns.length];
      for (int i = 0; i < patterns.length; i++) {
        for (Target target : classified) {
          if (patterns[i].matches(target)) {
            matched[i] = true;
            n += patternCounters[i].length;
            break;
          }
        }
      }
    }
    if (n == 0) {
      return NO_COUNTERS;
    }
    Counter[] out = new Counter[n];
    System.arraycopy(globalCounters, 0, out, 0, globalCounters.length);
    System.arraycopy(action, 0, out, globalCounters.length, action.length);
    int k = globalCounters.length + action.length;
    if (matched != null) {
      for (int i = 0; i < patterns.length; i++) {
        if (matched[i]) {
          System.arraycopy(patternCounters[i], 0, out, k, patternCounters[i].length);
          k += patternCounters[i].length;
        }
      }
    }
    return out;
  }

  private long now() {
    long millis;
    try {
      millis = clock.millis();
    } catch (ArithmeticException e) {
      throw new ApeConfigurationException("the rate limiter's clock reads a time that cannot be "
          + "represented in epoch milliseconds", e);
    }
    if (millis > MAX_CLOCK_MILLIS || millis < -MAX_CLOCK_MILLIS) {
      throw new ApeConfigurationException("the rate limiter's clock reads an unsupported time: "
          + millis + " ms since the epoch");
    }
    return millis;
  }

  // ---------------------------------------------------------------- usage

  /**
   * How much of every shared limit is in use now and, for a session, how much of its session
   * limits and risk budget.
   *
   * @param sessionId the session, or {@code null} or {@code ""} for the shared limits only
   * @throws SessionNotFoundException if the session is not open
   */
  public RateLimitUsage usage(String sessionId) {
    long now = now();
    List<LimitUsage> out = new ArrayList<>(sharedCounters.size() + sessionLimits.size());
    for (Counter counter : sharedCounters) {
      counter.lock.lock();
      try {
        out.add(usage(counter.limit, counter.window.count(now)));
      } finally {
        counter.lock.unlock();
      }
    }
    double risk = 0;
    double sessionBudget = maxCumulativeRisk;
    if (!noSession(sessionId)) {
      SessionCounters state = session(sessionId);
      state.lock.lock();
      try {
        if (state.closed) {
          throw notOpen();
        }
        for (int i = 0; i < state.windows.length; i++) {
          out.add(usage(sessionLimits.get(i), state.windows[i].count(now)));
        }
        risk = state.risk.doubleValue();
        sessionBudget = state.budget == null ? Double.POSITIVE_INFINITY
            : state.budget.doubleValue();
      } finally {
        state.lock.unlock();
      }
    }
    return new RateLimitUsage(out, risk, sessionBudget);
  }

  private static LimitUsage usage(Limit limit, int used) {
    return new LimitUsage(limit.label(), used, limit.max(), limit.source().window());
  }

  @Override
  public String toString() {
    return "RateLimiter[" + limits.size() + " limits, risk budget "
        + (budget == null ? "none" : budget.toPlainString()) + ", " + sessions.size()
        + " open sessions]";
  }

  /**
   * Builds a {@link RateLimiter}. Limits only accumulate: adding settings or limits never
   * loosens what was added before, and the risk budget is the smallest one given.
   */
  public static final class Builder {
    private final List<RateLimit> limits = new ArrayList<>();
    private double maxCumulativeRisk = Double.POSITIVE_INFINITY;
    private Clock clock = Clock.systemUTC();
    private int maxSessions = 10_000;

    private Builder() {}

    /** Adds every limit of a policy's {@code rate_limits} section and its risk budget. */
    public Builder settings(RateLimitSettings settings) {
      Objects.requireNonNull(settings, "settings");
      limits.addAll(settings.limits());
      return maxCumulativeRisk(settings.maxCumulativeRisk());
    }

    /** Adds one limit. */
    public Builder limit(RateLimit limit) {
      limits.add(Objects.requireNonNull(limit, "limit"));
      return this;
    }

    /** At most {@code max} actions per {@code window} across everything. */
    public Builder globalLimit(int max, Duration window) {
      return limit(new RateLimit(RateLimitScope.GLOBAL, "", window, max));
    }

    /** At most {@code max} actions per {@code window} in each session. */
    public Builder sessionLimit(int max, Duration window) {
      return limit(new RateLimit(RateLimitScope.SESSION, "", window, max));
    }

    /** At most {@code max} executions of {@code actionId} per {@code window}. */
    public Builder actionLimit(String actionId, int max, Duration window) {
      return limit(new RateLimit(RateLimitScope.ACTION,
          Objects.requireNonNull(actionId, "actionId"), window, max));
    }

    /** At most {@code max} actions per {@code window} on targets matching {@code pattern}. */
    public Builder targetLimit(String pattern, int max, Duration window) {
      return limit(new RateLimit(RateLimitScope.TARGET,
          Objects.requireNonNull(pattern, "pattern"), window, max));
    }

    /**
     * The session risk budget (inclusive); if several are given, the smallest applies.
     *
     * @throws IllegalArgumentException if NaN or negative
     */
    public Builder maxCumulativeRisk(double max) {
      if (Double.isNaN(max) || max < 0) {
        throw new IllegalArgumentException("max cumulative risk must be a number of at least 0: "
            + max);
      }
      maxCumulativeRisk = Math.min(maxCumulativeRisk, max);
      return this;
    }

    /** The clock windows are measured with. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The most sessions that may be open at once (default 10,000). */
    public Builder maxSessions(int maxSessions) {
      if (maxSessions < 1) {
        throw new IllegalArgumentException("maxSessions must be at least 1: " + maxSessions);
      }
      this.maxSessions = maxSessions;
      return this;
    }

    /**
     * Builds the limiter.
     *
     * @throws ApeConfigurationException for an invalid action id, target pattern, or a window
     *     longer than 366 days
     */
    public RateLimiter build() {
      return new RateLimiter(this);
    }
  }
}
