package io.ape.core.ratelimit;

import io.ape.api.ActionIds;
import io.ape.api.RateLimit;
import io.ape.api.RateLimitExceededException;
import io.ape.api.RateLimitSettings;
import io.ape.api.RiskBudgetExceededException;
import io.ape.spi.state.BudgetCharge;
import io.ape.spi.state.LimitLedger;
import io.ape.spi.state.LimitVerdict;
import io.ape.spi.state.WindowCharge;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A policy's {@code rate_limits}, reserved in a shared {@link LimitLedger}: the limits of every
 * path (the guarded call and the plan path), shared by every engine pointed at the same state,
 * together with the budgets of the session the step runs in ({@link SessionBudgets}).
 *
 * <p>One call is charged, in one atomic {@link LimitLedger#reserve}, to every window that applies
 * to it — global, its action's, every target pattern one of its targets matches (one key per
 * pattern, never per concrete target) and, in a session, the session's — and its risk score is
 * added to the session's risk budget. Keys are {@code rl:global/per_minute},
 * {@code rl:action:write_file/per_hour}, {@code rl:target:*.github.com/per_minute},
 * {@code rl:session:<session reference>/per_minute}, {@code risk:<session reference>} and
 * {@code actions:<session reference>}: the
 * non-secret session reference, never the bearer id. A refusal records nothing and is thrown as
 * {@link RateLimitExceededException} ({@link RiskBudgetExceededException} for the budget).
 *
 * <p>Immutable and thread-safe. Target patterns are matched as by {@link RateLimiter}.
 *
 * @since 0.2.0
 */
public final class LedgerLimits {
  private static final LedgerLimits NONE = new LedgerLimits(RateLimitSettings.none());

  private final RateLimitSettings settings;
  private final List<Charge> global = new ArrayList<>();
  private final Map<String, List<Charge>> byAction = new LinkedHashMap<>();
  private final List<TargetPattern> patterns = new ArrayList<>();
  private final List<List<Charge>> byPattern = new ArrayList<>();
  private final List<Limit> perSession = new ArrayList<>();

  private record Charge(Limit limit, WindowCharge charge) {}

  private LedgerLimits(RateLimitSettings settings) {
    this.settings = settings;
    Map<String, List<Charge>> patternCharges = new LinkedHashMap<>();
    for (RateLimit limit : settings.limits()) {
      Limit resolved = Limit.of(limit);
      switch (limit.scope()) {
        case GLOBAL:
          global.add(charge(resolved));
          break;
        case SESSION:
          perSession.add(resolved);
          break;
        case ACTION:
          byAction.computeIfAbsent(limit.key(), k -> new ArrayList<>()).add(charge(resolved));
          break;
        default:
          patternCharges.computeIfAbsent(limit.key(), k -> new ArrayList<>()).add(charge(resolved));
          break;
      }
    }
    patternCharges.forEach((pattern, charges) -> {
      patterns.add(TargetPattern.compile(pattern));
      byPattern.add(List.copyOf(charges));
    });
  }

  /**
   * The limits of a policy's {@code rate_limits} section.
   *
   * @throws io.ape.api.ApeConfigurationException if a target pattern or window is invalid
   */
  public static LedgerLimits of(RateLimitSettings settings) {
    Objects.requireNonNull(settings, "settings");
    return settings.isEmpty() ? NONE : new LedgerLimits(settings);
  }

  /** The settings these limits come from. */
  public RateLimitSettings settings() {
    return settings;
  }

  private static Charge charge(Limit limit) {
    return new Charge(limit, new WindowCharge("rl:" + limit.label(),
        Duration.ofMillis(limit.windowMillis()), limit.max()));
  }

  /**
   * Charges one call, atomically, or refuses it and records nothing (the guarded call's form of
   * {@link #reserve(LimitLedger, SessionBudgets, String, Collection, double, Instant)}: only the
   * risk budget of the session, no action cap).
   *
   * @param sessionReference the session's non-secret reference, or {@code null} outside a session
   * @param sessionBudget the session's own risk budget ({@code +Infinity} for none)
   * @param sessionTtl how long the session's totals must be kept (its lifetime), positive
   */
  public void reserve(LimitLedger ledger, String sessionReference, String actionId,
      Collection<String> targets, double riskScore, double sessionBudget, Duration sessionTtl,
      Instant now) {
    reserve(ledger, sessionReference == null || sessionReference.isEmpty() ? null
        : new SessionBudgets(sessionReference, Integer.MAX_VALUE, sessionBudget, sessionTtl),
        actionId, targets, riskScore, now);
  }

  /**
   * Charges one step, atomically, or refuses it and records nothing: one use in every window
   * that applies (global, the action's, every matching target pattern, the session's) and, in a
   * session, one action against its cap and the step's risk against its risk budget (the
   * smaller of the session's and the policy's {@code max_cumulative_risk}).
   *
   * @param ledger the shared ledger
   * @param session the session's budgets, or {@code null} outside a session
   * @param actionId the action
   * @param targets the step's targets (hosts, URLs, paths)
   * @param riskScore the action's risk score, finite and at least 0
   * @param now the engine clock's reading
   * @throws RateLimitExceededException if a window is full or the session's action cap is
   *     reached ({@link RiskBudgetExceededException} if the risk budget would be exceeded)
   * @throws io.ape.api.StateUnavailableException if the ledger cannot answer
   * @since 0.2.0
   */
  public void reserve(LimitLedger ledger, SessionBudgets session, String actionId,
      Collection<String> targets, double riskScore, Instant now) {
    List<WindowCharge> windows = new ArrayList<>();
    List<Limit> labels = new ArrayList<>();
    add(global, windows, labels);
    add(byAction.getOrDefault(actionId, List.of()), windows, labels);
    if (!patterns.isEmpty() && !targets.isEmpty()) {
      List<Target> classified = new ArrayList<>(targets.size());
      for (String raw : targets) {
        Target t = raw == null ? null : Target.of(raw);
        if (t != null) {
          classified.add(t);
        }
      }
      for (int i = 0; i < patterns.size(); i++) {
        for (Target t : classified) {
          if (patterns.get(i).matches(t)) {
            add(byPattern.get(i), windows, labels);
            break;
          }
        }
      }
    }
    List<BudgetCharge> budgets = List.of();
    double riskMax = Double.POSITIVE_INFINITY;
    if (session != null) {
      String ref = session.reference();
      for (Limit l : perSession) {
        windows.add(new WindowCharge("rl:session:" + ref + "/"
            + l.label().substring(l.label().indexOf('/') + 1), Duration.ofMillis(l.windowMillis()),
            l.max()));
        labels.add(l);
      }
      riskMax = Math.min(session.maxCumulativeRisk(), settings.maxCumulativeRisk());
      BudgetCharge risk = new BudgetCharge(session.riskKey(), riskScore, riskMax, session.ttl());
      budgets = session.maxActions() == Integer.MAX_VALUE ? List.of(risk)
          : List.of(new BudgetCharge(session.actionsKey(), 1, session.maxActions(),
              session.ttl()), risk);
    }
    if (windows.isEmpty() && budgets.isEmpty()) {
      return;
    }
    LimitVerdict verdict = ledger.reserve(windows, budgets, now);
    if (verdict == null) {
      throw new io.ape.api.StateUnavailableException("the limit ledger gave no answer");
    }
    if (verdict.admitted()) {
      return;
    }
    if (session != null && verdict.refusedKey().equals(session.riskKey())) {
      double reserved = ledger.total(session.riskKey());
      throw new RiskBudgetExceededException(actionId, riskMax, reserved, riskScore,
          "risk budget of the session exceeded by action " + ActionIds.printable(actionId) + ": "
              + BigDecimal.valueOf(reserved).toPlainString() + " reserved + "
              + BigDecimal.valueOf(riskScore).toPlainString() + " > "
              + BigDecimal.valueOf(riskMax).toPlainString()
              + "; the budget does not reset within a session");
    }
    if (session != null && verdict.refusedKey().equals(session.actionsKey())) {
      throw new RateLimitExceededException(actionId, SessionBudgets.ACTIONS_LIMIT_TYPE,
          session.maxActions(), Instant.MAX, "the session already reserved "
              + session.maxActions() + " actions, its maximum; " + ActionIds.printable(actionId)
              + " was refused. Create a new session");
    }
    String label = verdict.refusedKey();
    for (int i = 0; i < windows.size(); i++) {
      if (windows.get(i).key().equals(verdict.refusedKey())) {
        label = labels.get(i).label();
        break;
      }
    }
    Instant resetAt = verdict.retryAt();
    long limit = (long) verdict.limit();
    throw new RateLimitExceededException(actionId, label, limit, resetAt,
        "rate limit " + label + " reached for action " + ActionIds.printable(actionId)
            + ": at most " + limit + " in its window; "
            + (limit == 0 ? "this limit allows no action at all"
                : Instant.MAX.equals(resetAt) ? "no slot frees" : "the next slot frees at " + resetAt));
  }

  /** No limits at all (a session's own budgets still apply through {@link #reserve}). */
  public static LedgerLimits none() {
    return NONE;
  }

  /** The ledger key of a session's risk budget. */
  public static String budgetKey(String sessionReference) {
    return "risk:" + sessionReference;
  }

  private static void add(List<Charge> charges, List<WindowCharge> windows, List<Limit> labels) {
    for (Charge c : charges) {
      windows.add(c.charge());
      labels.add(c.limit());
    }
  }

  @Override
  public String toString() {
    return "LedgerLimits[" + settings.limits().size() + " limits, risk budget "
        + settings.maxCumulativeRisk() + "]";
  }
}
