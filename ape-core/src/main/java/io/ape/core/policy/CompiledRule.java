package io.ape.core.policy;

import io.ape.api.ActionRequest;
import io.ape.api.ConditionFailure;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import io.ape.api.PolicyRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A rule compiled for evaluation: its conditions, its closed parameter set, what provenance an
 * ALLOW needs, and the decisions it produces (built once at load, or rendered from the request
 * when first read). Immutable.
 */
final class CompiledRule {
  final PolicyRule rule;
  final int index;
  final Outcome outcome;
  final BoundCondition[] conditions;
  /** The parameters a closed rule admits; {@code null} for an open rule. */
  final Set<String> admitted;
  /** {@link #admitted} as an array, for the hot path (no iterator). */
  private final String[] admittedNames;
  /** What an ALLOW needs of the parameters' provenance; {@code null} for none. */
  final TrustRequirement trust;
  /** The decision when the rule matches. */
  final Decision matched;
  /** The start of the reason of a DENY for untrusted parameters. */
  final String untrustedReason;
  /** Whether reasons must be rendered at once (a condition reads the file system). */
  final boolean eagerReasons;
  private final Decision.Explainer refusal = new Refusal();
  private final Decision.Explainer untrusted = new Untrusted();

  CompiledRule(PolicyRule rule, int index, BoundCondition[] conditions, Set<String> admitted,
      TrustRequirement trust, Decision matched, String untrustedReason) {
    this.rule = rule;
    this.index = index;
    this.outcome = rule.decision();
    this.conditions = conditions;
    this.admitted = admitted;
    this.admittedNames = admitted == null ? null : admitted.toArray(new String[0]);
    this.trust = trust;
    this.matched = matched;
    this.untrustedReason = untrustedReason;
    boolean eager = false;
    for (BoundCondition c : conditions) {
      eager |= c.readsFileSystem;
    }
    this.eagerReasons = eager;
  }

  /** The rule does not apply. */
  static final int NO_MATCH = 0;
  /** Every condition holds. */
  static final int MATCH = 1;
  /**
   * A DENY or ESCALATE rule applies because no condition failed and at least one could not
   * judge its parameter: the parameter is absent, the condition refuses its value (see
   * {@link io.ape.spi.ConditionOperator.CompiledCondition#refuses}), or a context value its
   * argument needs is missing.
   */
  static final int MATCH_REFUSED = 2;

  /**
   * Whether conditions that cannot judge their parameter make this rule match: true for DENY
   * and ESCALATE rules, which must never be bypassed by leaving out or garbling the parameter
   * they inspect.
   */
  boolean matchesOnRefusal() {
    return outcome != Outcome.ALLOW;
  }

  /**
   * Matches the rule against a request (the hot path; stops at the first failed condition).
   * A closed rule first checks that every parameter is admitted.
   *
   * @return {@link #NO_MATCH}, {@link #MATCH} or {@link #MATCH_REFUSED}
   */
  int match(ActionRequest request) {
    if (admittedNames != null && !admitsAll(request)) {
      return NO_MATCH;
    }
    boolean judgeRefusals = outcome != Outcome.ALLOW;
    boolean refused = false;
    for (BoundCondition c : conditions) {
      int j = c.judge(request, judgeRefusals);
      if (j == BoundCondition.FAILS) {
        return NO_MATCH;
      }
      refused |= j == BoundCondition.CANNOT_JUDGE;
    }
    return refused ? MATCH_REFUSED : MATCH;
  }

  /**
   * Whether every parameter of the request is admitted: as many of the admitted names are
   * present as the request has parameters (lookups only, no iteration over the request).
   */
  private boolean admitsAll(ActionRequest request) {
    java.util.Map<String, Object> params = request.parameters();
    int size = params.size();
    if (size > admittedNames.length) {
      return false;
    }
    int present = 0;
    for (String name : admittedNames) {
      if (params.containsKey(name)) {
        present++;
      }
    }
    return present == size;
  }

  /** The first parameter of the request a closed rule does not admit, or {@code null}. */
  String firstUnadmitted(ActionRequest request) {
    if (admitted == null) {
      return null;
    }
    for (String name : request.parameters().keySet()) {
      if (!admitted.contains(name)) {
        return name;
      }
    }
    return null;
  }

  /** The failure of a closed rule for a parameter it does not admit. */
  ConditionFailure unadmitted(String parameter) {
    return new ConditionFailure(rule.id(), parameter, "parameters",
        "parameter '" + parameter + "' is not admitted: the rule's parameters are closed (it"
            + " admits only " + new java.util.TreeSet<>(admitted) + ")");
  }

  /** Whether condition {@code c}, which does not hold, cannot judge its parameter here. */
  boolean cannotJudge(BoundCondition c, ActionRequest request) {
    return matchesOnRefusal()
        && c.judge(request, true) == BoundCondition.CANNOT_JUDGE;
  }

  /** The decision when the rule applies because a condition could not judge its parameter. */
  Decision refusedMatch(ActionRequest request) {
    return render(Decision.explained(outcome, rule.actionId(), rule.id(),
        matched.policyVersion(), DecisionSource.RULE, refusal, request));
  }

  /** The DENY of an ALLOW rule whose parameters are not trusted as required. */
  /**
   * The decision of an ALLOW rule that matched with parameters not trusted as it requires: its
   * {@code on_untrusted} (DENY, or ESCALATE to ask a human), never ALLOW.
   */
  Decision untrustedDecision(ActionRequest request) {
    return render(Decision.explained(rule.onUntrusted(), rule.actionId(), rule.id(),
        matched.policyVersion(), DecisionSource.RULE, untrusted, request));
  }

  private Decision render(Decision d) {
    if (eagerReasons) {
      d.reason();
      d.failedConditions();
    }
    return d;
  }

  /** Renders why a DENY or ESCALATE rule applied to values it could not judge. */
  private final class Refusal implements Decision.Explainer {
    @Override
    public List<ConditionFailure> failedConditions(ActionRequest request) {
      List<ConditionFailure> refused = new ArrayList<>();
      for (BoundCondition c : conditions) {
        String failure = c.failure(request);
        if (failure != null && cannotJudge(c, request)) {
          refused.add(new ConditionFailure(rule.id(), c.parameter, c.operator, failure));
        }
      }
      return refused;
    }

    @Override
    public String reason(ActionRequest request) {
      StringBuilder reason = new StringBuilder(matched.reason()).append(": ");
      boolean absent = false;
      boolean unreadable = false;
      boolean first = true;
      for (BoundCondition c : conditions) {
        String failure = c.failure(request);
        if (failure == null || !cannotJudge(c, request)) {
          continue;
        }
        reason.append(first ? "" : "; ");
        first = false;
        if (c.isAbsentFrom(request)) {
          absent = true;
          reason.append(failure);
        } else {
          unreadable = true;
          reason.append("it cannot judge ").append(c.operator).append(' ').append(failure);
        }
      }
      String keyword = outcome.keyword();
      reason.append(", so ").append(keyword).append(" rule '").append(rule.id())
          .append("' applies (");
      if (absent) {
        reason.append("leaving out a parameter a ").append(keyword)
            .append(" rule inspects never gets past it");
      }
      if (unreadable) {
        reason.append(absent ? "; " : "").append("a value a ").append(keyword)
            .append(" rule cannot read never gets past it");
      }
      return reason.append(')').toString();
    }
  }

  /** Renders why an ALLOW rule's parameters are not trusted enough. */
  private final class Untrusted implements Decision.Explainer {
    @Override
    public String reason(ActionRequest request) {
      return untrustedReason + ", but " + String.join(", ", trust.untrusted(request))
          + (trust.untrusted(request).size() == 1 ? " is" : " are") + " not trusted"
          + (rule.onUntrusted() == Outcome.ESCALATE
              ? "; it says on_untrusted: escalate, so a human decides" : "");
    }

    @Override
    public List<ConditionFailure> failedConditions(ActionRequest request) {
      return List.of();
    }
  }
}
