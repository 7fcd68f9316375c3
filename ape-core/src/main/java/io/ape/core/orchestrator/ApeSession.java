package io.ape.core.orchestrator;

import io.ape.api.ActionDefinition;
import io.ape.api.CompiledIntent;
import io.ape.api.RateLimitExceededException;
import io.ape.api.RiskLevel;
import io.ape.api.SessionExpiredException;
import io.ape.api.SessionRevokedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A multi-turn conversation with an {@link ApeOrchestrator}, bound to a user, a tenant and an
 * expiry.
 *
 * <p>Each {@link #execute} is a full orchestrated call (its own intent, plan and tokens); the
 * session adds:
 * <ul>
 *   <li><b>context across turns</b>: the targets of the steps that ran ({@code path},
 *       {@code url}, {@code directory}, ...) are remembered; a later prompt that refers back
 *       ("it", "that", "this", "them", "the same") gets a missing target parameter filled with
 *       the last one, so "Read config.json" then "Now update it" writes config.json. Values the
 *       caller gives explicitly always win;</li>
 *   <li><b>expiry and revocation</b>: checked before a call and again before every issuance;
 *       an expired session throws {@link SessionExpiredException}, a revoked one
 *       {@link SessionRevokedException}, and nothing more runs;</li>
 *   <li><b>a risk budget and an action cap</b>: each step reserves its risk score
 *       ({@link RiskLevel#score()}: MINIMAL 0.0, LOW 0.1, MODERATE 0.3, HIGH 0.6, CRITICAL 1.0)
 *       before issuance; a step that would exceed the budget or the cap is refused with
 *       {@link RateLimitExceededException} ({@code risk_budget} / {@code session_actions}).</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class ApeSession {
  private static final Pattern BACK_REFERENCE = Pattern.compile(
      "(?i)\\b(it|that|this|them|those|these|the same)\\b");
  private static final List<String> TARGET_KEYS = List.of("path", "url", "directory", "table", "to");

  private final ApeOrchestrator orchestrator;
  private final String sessionId;
  private final String userId;
  private final String tenantId;
  private final Instant createdAt;
  private final Instant expiresAt;
  private final double maxCumulativeRisk;
  private final int maxActions;
  private final Object lock = new Object();
  private final Map<String, Object> context = new LinkedHashMap<>();
  private final List<String> executed = new ArrayList<>();
  private double reservedRisk;
  private int reservedActions;
  private String revokedReason;

  private ApeSession(Builder b) {
    this.orchestrator = b.orchestrator;
    this.sessionId = "session-" + UUID.randomUUID();
    this.userId = b.userId;
    this.tenantId = b.tenant != null ? b.tenant : b.orchestrator.tenant();
    this.createdAt = b.orchestrator.clock().instant();
    this.expiresAt = createdAt.plus(b.ttl);
    this.maxCumulativeRisk = b.maxCumulativeRisk;
    this.maxActions = b.maxActions;
    orchestrator.openLimiterSession(sessionId, expiresAt);
  }

  static Builder builder(ApeOrchestrator orchestrator, String userId, Duration ttl) {
    return new Builder(orchestrator, userId, ttl);
  }

  /** The session id (also the audit session of its calls). */
  public String sessionId() {
    return sessionId;
  }

  /** The user. */
  public String userId() {
    return userId;
  }

  /** The tenant. */
  public String tenantId() {
    return tenantId;
  }

  /** When the session expires. */
  public Instant expiresAt() {
    return expiresAt;
  }

  /**
   * Runs a prompt in this session.
   *
   * @throws SessionExpiredException if the session has expired
   * @throws SessionRevokedException if the session was revoked
   */
  public OrchestrationResult execute(String prompt) {
    return execute(prompt, null);
  }

  /** As {@link #execute(String)} with parameters per action id. */
  public OrchestrationResult execute(String prompt,
      Map<String, ? extends Map<String, ?>> parametersByAction) {
    ensureActive();
    OrchestrationResult r = orchestrator.execute(prompt, parametersByAction,
        new SessionCall(ApeOrchestrator.newCorrelationId(), prompt));
    if (!r.success() && r.exception() instanceof io.ape.api.SessionException) {
      throw (io.ape.api.SessionException) r.exception();
    }
    return r;
  }

  /** As {@link #execute(String)}, throwing the seed's typed errors on failure. */
  public OrchestrationResult executeOrThrow(String prompt) {
    return ApeOrchestrator.orThrow(execute(prompt));
  }

  /** As {@link #execute(String, Map)}, throwing the seed's typed errors on failure. */
  public OrchestrationResult executeOrThrow(String prompt,
      Map<String, ? extends Map<String, ?>> parametersByAction) {
    return ApeOrchestrator.orThrow(execute(prompt, parametersByAction));
  }

  /**
   * Revokes the session: every later call and every pending issuance is refused, and its
   * session counters are dropped from the orchestrator's rate limiters.
   */
  public void revoke(String reason) {
    synchronized (lock) {
      if (revokedReason == null) {
        revokedReason = reason == null || reason.isBlank() ? "revoked" : reason;
      }
    }
    orchestrator.closeLimiterSession(sessionId);
  }

  /** Ends the session (as {@link #revoke} with the reason {@code ended}). */
  public void end() {
    revoke("ended");
  }

  /** Whether the session was revoked. */
  public boolean isRevoked() {
    synchronized (lock) {
      return revokedReason != null;
    }
  }

  /** Whether the session has expired. */
  public boolean isExpired() {
    return !orchestrator.clock().instant().isBefore(expiresAt);
  }

  /** The actions whose tools ran, in order. */
  public List<String> actionsExecuted() {
    synchronized (lock) {
      return List.copyOf(executed);
    }
  }

  /** The sum of the risk scores of the steps authorised so far (see the class documentation). */
  public double cumulativeRisk() {
    synchronized (lock) {
      return reservedRisk;
    }
  }

  /** Time left before expiry (zero once expired). */
  public Duration timeRemaining() {
    Duration left = Duration.between(orchestrator.clock().instant(), expiresAt);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** The remembered context: last target value per parameter name. */
  public Map<String, Object> context() {
    synchronized (lock) {
      return Map.copyOf(context);
    }
  }

  /** A snapshot of the session's usage. */
  public UsageSummary usageSummary() {
    synchronized (lock) {
      return new UsageSummary(sessionId, userId, tenantId, List.copyOf(executed), executed.size(),
          reservedRisk, maxCumulativeRisk, timeRemaining(), isExpired(), revokedReason != null);
    }
  }

  private void ensureActive() {
    synchronized (lock) {
      if (revokedReason != null) {
        throw new SessionRevokedException("session " + sessionId + " was revoked ("
            + revokedReason + "); create a new session");
      }
    }
    if (isExpired()) {
      orchestrator.closeLimiterSession(sessionId);
      throw new SessionExpiredException("session " + sessionId + " expired at " + expiresAt
          + "; create a new session");
    }
  }

  /**
   * A snapshot of a session's usage.
   *
   * @param sessionId the session
   * @param userId the user
   * @param tenantId the tenant
   * @param actionsExecuted actions whose tools ran, in order
   * @param actionCount how many
   * @param cumulativeRisk the risk reserved so far
   * @param maxCumulativeRisk the budget ({@code Double.POSITIVE_INFINITY} if none)
   * @param timeRemaining time before expiry
   * @param expired whether it has expired
   * @param revoked whether it was revoked
   */
  public record UsageSummary(String sessionId, String userId, String tenantId,
      List<String> actionsExecuted, int actionCount, double cumulativeRisk,
      double maxCumulativeRisk, Duration timeRemaining, boolean expired, boolean revoked) {
    public UsageSummary {
      actionsExecuted = List.copyOf(actionsExecuted);
    }
  }

  private final class SessionCall extends ApeOrchestrator.CallContext {
    private final boolean refersBack;

    SessionCall(String correlationId, String prompt) {
      super(correlationId);
      this.refersBack = prompt != null && BACK_REFERENCE.matcher(prompt).find();
    }

    @Override
    String sessionId() {
      return sessionId;
    }

    @Override
    String tenant(String orchestratorTenant) {
      return tenantId;
    }

    @Override
    String limiterSessionId() {
      return sessionId;
    }

    @Override
    Map<String, ? extends Map<String, ?>> complete(CompiledIntent intent,
        Map<String, ? extends Map<String, ?>> parameters) {
      if (!refersBack) {
        return parameters;
      }
      Map<String, Object> remembered = context();
      Map<String, Map<String, Object>> out = new LinkedHashMap<>();
      if (parameters != null) {
        parameters.forEach((k, v) -> out.put(k, new LinkedHashMap<>(v)));
      }
      for (String action : intent.actions()) {
        Map<String, Object> named = intent.parametersFor(action);
        Map<String, Object> properties = schemaProperties(action);
        for (String key : TARGET_KEYS) {
          Map<String, Object> given = out.get(action);
          if (remembered.containsKey(key) && properties.containsKey(key)
              && !named.containsKey(key) && (given == null || !given.containsKey(key))) {
            out.computeIfAbsent(action, a -> new LinkedHashMap<>()).put(key, remembered.get(key));
          }
        }
      }
      return out;
    }

    @Override
    void beforeIssue(String actionId, Map<String, Object> parameters, RiskLevel risk) {
      ensureActive();
      synchronized (lock) {
        if (reservedActions + 1 > maxActions) {
          throw new RateLimitExceededException(actionId, "session_actions", maxActions,
              Instant.MAX, "session " + sessionId + " may run at most " + maxActions + " actions");
        }
        if (reservedRisk + risk.score() > maxCumulativeRisk + 1e-9) {
          throw new RateLimitExceededException(actionId, "risk_budget",
              (long) Math.floor(maxCumulativeRisk), expiresAt, "session " + sessionId
                  + " risk budget " + maxCumulativeRisk + " would be exceeded: used "
                  + reservedRisk + ", '" + actionId + "' costs " + risk.score());
        }
        reservedActions++;
        reservedRisk += risk.score();
      }
    }

    @Override
    void afterExecuted(String actionId, Map<String, Object> parameters, RiskLevel risk) {
      synchronized (lock) {
        executed.add(actionId);
        for (String key : TARGET_KEYS) {
          Object v = parameters.get(key);
          if (v instanceof String) {
            context.put(key, v);
          }
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> schemaProperties(String actionId) {
    Object props = orchestrator.repository().find(actionId).map(ActionDefinition::parameterSchema)
        .map(s -> s.get("properties")).orElse(null);
    return props instanceof Map ? (Map<String, Object>) props : Map.of();
  }

  /** Builder for a session; not thread-safe. */
  public static final class Builder {
    private final ApeOrchestrator orchestrator;
    private final String userId;
    private final Duration ttl;
    private String tenant;
    private double maxCumulativeRisk = Double.POSITIVE_INFINITY;
    private int maxActions = Integer.MAX_VALUE;

    private Builder(ApeOrchestrator orchestrator, String userId, Duration ttl) {
      this.orchestrator = Objects.requireNonNull(orchestrator, "orchestrator");
      this.userId = Objects.requireNonNull(userId, "userId");
      this.ttl = Objects.requireNonNull(ttl, "ttl");
      if (userId.isBlank()) {
        throw new IllegalArgumentException("userId must not be blank");
      }
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("ttl must be positive: " + ttl);
      }
    }

    /** The tenant (default: the orchestrator's). */
    public Builder tenant(String tenantId) {
      this.tenant = Objects.requireNonNull(tenantId, "tenantId");
      return this;
    }

    /** The risk budget (sum of risk scores); must not be negative. */
    public Builder maxCumulativeRisk(double max) {
      if (!(max >= 0.0)) {
        throw new IllegalArgumentException("risk budget must be a non-negative number: " + max);
      }
      this.maxCumulativeRisk = max;
      return this;
    }

    /** The most actions the session may run. */
    public Builder maxActions(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("maxActions must not be negative: " + max);
      }
      this.maxActions = max;
      return this;
    }

    /** Builds the session; its clock starts now. */
    public ApeSession build() {
      return new ApeSession(this);
    }
  }
}
