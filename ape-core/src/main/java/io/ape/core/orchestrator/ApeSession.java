package io.ape.core.orchestrator;

import io.ape.api.ActionDefinition;
import io.ape.api.CompiledIntent;
import io.ape.api.Provenance;
import io.ape.api.RateLimitExceededException;
import io.ape.api.RiskLevel;
import io.ape.api.SessionException;
import io.ape.api.SessionExpiredException;
import io.ape.api.SessionRevokedException;
import io.ape.core.session.Session;
import io.ape.core.session.SessionContext;
import io.ape.core.session.SessionLimits;
import io.ape.core.session.SessionManager;
import io.ape.core.session.SessionStatus;
import io.ape.core.session.SessionUsageSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A multi-turn conversation with an {@link ApeOrchestrator}: a {@link Session} of the
 * orchestrator's {@link ApeOrchestrator#sessions() session manager} (so it is bounded in
 * number, tenant-bound, audited when it starts and ends, and listed, ended, revoked and purged
 * there) driven through the orchestrator. Expiry, revocation, the action cap and the
 * accounting are the session's; this class adds nothing of its own but the orchestration.
 *
 * <p>Each {@link #execute} is a full orchestrated call (its own intent, plan and tokens); the
 * session adds:
 * <ul>
 *   <li><b>context across turns</b>: the string parameters of the last step that ran are
 *       remembered ({@link SessionContext}); a later prompt that refers back ("it", "that",
 *       "this", "them", "the same") gets a missing target parameter ({@code path}, {@code url},
 *       {@code directory}, {@code table}, {@code to}) filled with the remembered one, so "Read
 *       config.json" then "Now update it" writes config.json. Only values that came from the
 *       user's channel ({@link Provenance#USER_TRUSTED}) are carried over; values the caller
 *       gives explicitly always win;</li>
 *   <li><b>expiry and revocation</b>: checked before a call and again before every issuance
 *       (atomically with the reservation) and after it; an expired session throws
 *       {@link SessionExpiredException}, a revoked or ended one {@link SessionRevokedException},
 *       and nothing more runs;</li>
 *   <li><b>a risk budget and an action cap</b>: each step, after its ALLOW, reserves its risk
 *       score ({@link RiskLevel#score()}: MINIMAL 0.0, LOW 0.1, MODERATE 0.4, HIGH 0.6,
 *       CRITICAL 1.0) against the smaller of the policy's {@code max_cumulative_risk} and the
 *       session's {@link Builder#maxCumulativeRisk}, and a slot of the session's
 *       {@link Builder#maxActions action cap}, together with the policy's rate limits, in one
 *       atomic operation on the engine's shared {@link io.ape.spi.state.LimitLedger} (the one
 *       tally of the session's actions and risk, on every instance). A step that would exceed
 *       either is refused before issuance with {@link RateLimitExceededException}
 *       ({@code risk_budget} / {@code session_actions}) and its tool never runs. Reservations
 *       are never returned.</li>
 *   <li><b>every instance</b>: the session is in the engine's shared session store; a session
 *       ended or revoked on another instance is refused here at the next call.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class ApeSession {
  private static final Pattern BACK_REFERENCE = Pattern.compile(
      "(?i)\\b(it|that|this|them|those|these|the same)\\b");
  private static final List<String> TARGET_KEYS = List.of("path", "url", "directory", "table", "to");

  private final ApeOrchestrator orchestrator;
  private final Session session;
  private final double maxCumulativeRisk;

  private ApeSession(ApeOrchestrator orchestrator, Session session, double maxCumulativeRisk) {
    this.orchestrator = orchestrator;
    this.session = session;
    this.maxCumulativeRisk = maxCumulativeRisk;
  }

  static Builder builder(ApeOrchestrator orchestrator, String userId, Duration ttl) {
    return new Builder(orchestrator, userId, ttl);
  }

  /**
   * The session's non-secret reference ({@link Session#reference()}): the session of its audit
   * events and of the requests its steps are evaluated with. The session cannot be looked up
   * by it; the manager's key is {@code session().id()}, a bearer secret.
   */
  public String sessionId() {
    return session.reference();
  }

  /** The underlying session of the orchestrator's {@link SessionManager}. */
  public Session session() {
    return session;
  }

  /** The user. */
  public String userId() {
    return session.userId();
  }

  /** The tenant. */
  public String tenantId() {
    return session.tenantId();
  }

  /** When the session expires. */
  public Instant expiresAt() {
    return session.expiresAt();
  }

  /**
   * Runs a prompt in this session.
   *
   * @throws SessionExpiredException if the session has expired (before or during the call)
   * @throws SessionRevokedException if the session was revoked or ended (before or during it)
   */
  public OrchestrationResult execute(String prompt) {
    return execute(prompt, null);
  }

  /** As {@link #execute(String)} with parameters per action id. */
  public OrchestrationResult execute(String prompt,
      Map<String, ? extends Map<String, ?>> parametersByAction) {
    session.ensureActive();
    OrchestrationResult r = orchestrator.execute(prompt, parametersByAction,
        new SessionCall(ApeOrchestrator.newCorrelationId(), prompt));
    if (!r.success() && r.exception() instanceof SessionException) {
      throw (SessionException) r.exception();
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
   * Revokes the session ({@link Session#revoke(String)}): every later call and every pending
   * issuance is refused, it is removed from the session manager, its counters are dropped from
   * the rate limiters and a {@code SESSION_ENDED} event with the reason {@code revoked} is
   * audited. Revoking an unusable session does nothing.
   *
   * @param reason why (kept in the audit record and in later errors); may be {@code null}
   */
  public void revoke(String reason) {
    session.revoke(reason);
  }

  /**
   * Ends the session normally ({@link SessionManager#end(Session)}): as {@link #revoke}, but
   * audited with the reason {@code ended}. Ending an unusable session does nothing.
   */
  public void end() {
    orchestrator.sessions().end(session);
  }

  /** Whether the session was revoked or ended (it can no longer be used). */
  public boolean isRevoked() {
    SessionStatus status = session.status();
    return status == SessionStatus.REVOKED || status == SessionStatus.ENDED;
  }

  /** Whether the session has expired (and was not revoked or ended before). */
  public boolean isExpired() {
    return session.isExpired();
  }

  /** The actions whose tools ran, in order. */
  public List<String> actionsExecuted() {
    return session.actionsExecuted();
  }

  /**
   * The exact sum of the risk scores of the steps authorised so far (those that passed every
   * limit, whether or not their tool then ran).
   */
  public double cumulativeRisk() {
    return session.cumulativeRisk();
  }

  /** Time left before expiry (zero once the session is not active). */
  public Duration timeRemaining() {
    return session.timeRemaining();
  }

  /** The remembered context: the string parameters of the last step that ran. */
  public Map<String, Object> context() {
    return Map.copyOf(session.context().lastParameters());
  }

  /** A consistent snapshot of the session's usage. */
  public UsageSummary usageSummary() {
    SessionUsageSummary u = session.usageSummary();
    return new UsageSummary(sessionId(), u.userId(), u.tenantId(), u.actionsExecuted(),
        u.totalActions(), u.cumulativeRisk(), maxCumulativeRisk, u.timeRemaining(),
        u.status() == SessionStatus.EXPIRED,
        u.status() == SessionStatus.REVOKED || u.status() == SessionStatus.ENDED);
  }

  /**
   * A snapshot of a session's usage.
   *
   * @param sessionId the session's non-secret reference
   * @param userId the user
   * @param tenantId the tenant
   * @param actionsExecuted actions whose tools ran, in order
   * @param actionCount how many
   * @param cumulativeRisk the risk reserved so far
   * @param maxCumulativeRisk the budget in force: the smaller of the session's and the rate
   *     limiters' ({@code Double.POSITIVE_INFINITY} if none)
   * @param timeRemaining time before expiry
   * @param expired whether it has expired
   * @param revoked whether it was revoked or ended
   */
  public record UsageSummary(String sessionId, String userId, String tenantId,
      List<String> actionsExecuted, int actionCount, double cumulativeRisk,
      double maxCumulativeRisk, Duration timeRemaining, boolean expired, boolean revoked) {
    public UsageSummary {
      actionsExecuted = List.copyOf(actionsExecuted);
    }
  }

  private final class SessionCall extends CallContext {
    private final boolean refersBack;

    SessionCall(String correlationId, String prompt) {
      super(correlationId);
      this.refersBack = prompt != null && BACK_REFERENCE.matcher(prompt).find();
    }

    @Override
    String sessionId() {
      return session.reference();
    }

    @Override
    String tenant(String orchestratorTenant) {
      return session.tenantId();
    }

    @Override
    String limiterSessionId() {
      return session.id();
    }

    @Override
    Map<String, ? extends Map<String, ?>> complete(CompiledIntent intent,
        Map<String, ? extends Map<String, ?>> parameters) {
      SessionContext remembered = session.context();
      if (!refersBack || remembered.provenance() != Provenance.USER_TRUSTED) {
        return parameters;
      }
      Map<String, Map<String, Object>> out = new LinkedHashMap<>();
      if (parameters != null) {
        parameters.forEach((k, v) -> out.put(k, new LinkedHashMap<>(v)));
      }
      for (String action : intent.actions()) {
        Map<String, Object> named = intent.parametersFor(action);
        Map<String, Object> properties = schemaProperties(action);
        for (String key : TARGET_KEYS) {
          Map<String, Object> given = out.get(action);
          if (remembered.parameter(key).isPresent() && properties.containsKey(key)
              && !named.containsKey(key) && (given == null || !given.containsKey(key))) {
            out.computeIfAbsent(action, a -> new LinkedHashMap<>())
                .put(key, remembered.parameter(key).get());
          }
        }
      }
      return out;
    }

    @Override
    void ensureActive() {
      session.ensureActive();
    }

    @Override
    void ensureActiveEverywhere() {
      orchestrator.sessions().ensureActiveEverywhere(session);
    }

    @Override
    void reserve(io.ape.core.ratelimit.LedgerLimits limits, String actionId,
        List<String> targets, RiskLevel risk, io.ape.core.internal.pipeline.EngineParts parts) {
      session.reserve(limits, actionId, targets, risk);
    }

    @Override
    void tokenIssued() {
      session.recordTokenIssued();
    }

    @Override
    void executed(String actionId, Map<String, Object> parameters, Provenance provenance) {
      session.recordExecuted(actionId, parameters, provenance);
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
    }

    /** The tenant (default: the orchestrator's). */
    public Builder tenant(String tenantId) {
      this.tenant = Objects.requireNonNull(tenantId, "tenantId");
      return this;
    }

    /**
     * The session's risk budget (sum of risk scores, inclusive); the policy's
     * {@code max_cumulative_risk} applies too if it is smaller. Must not be negative.
     */
    public Builder maxCumulativeRisk(double max) {
      if (!(max >= 0.0)) {
        throw new IllegalArgumentException("risk budget must be a non-negative number: " + max);
      }
      this.maxCumulativeRisk = max;
      return this;
    }

    /** The most actions the session may run (the session manager's cap applies too). */
    public Builder maxActions(int max) {
      if (max < 0) {
        throw new IllegalArgumentException("maxActions must not be negative: " + max);
      }
      this.maxActions = max;
      return this;
    }

    /**
     * Creates the session in the orchestrator's session manager; its clock starts now.
     *
     * @throws IllegalArgumentException if the user or tenant is empty, blank, longer than 256
     *     characters or has a control character, or the ttl is not positive or longer than
     *     the manager's maximum (24 hours by default)
     * @throws SessionException if the manager or a rate limiter holds its maximum of sessions
     */
    public ApeSession build() {
      String tenantId = tenant != null ? tenant : orchestrator.tenant();
      Session session = orchestrator.sessions().create(userId, tenantId, ttl,
          new SessionLimits(maxActions, maxCumulativeRisk));
      return new ApeSession(orchestrator, session,
          Math.min(maxCumulativeRisk, orchestrator.riskBudget()));
    }
  }
}
