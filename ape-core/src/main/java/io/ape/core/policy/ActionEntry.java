package io.ape.core.policy;

import io.ape.api.ActionRequest;
import io.ape.api.ConditionFailure;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import java.util.ArrayList;
import java.util.List;

/** Everything the policy says about one action id, precomputed at load. Immutable. */
final class ActionEntry {
  /** Which of the policy's lists names the action. */
  enum Listing { FORBIDDEN, ESCALATION, ALLOWED, NONE }

  private static final int MAX_FAILURES_IN_REASON = 20;

  final String actionId;
  final Listing listing;
  /** The rules for the action, in evaluation order (possibly empty). */
  final CompiledRule[] rules;
  /** The decision of the listing (null for {@link Listing#NONE}). */
  final Decision listDecision;
  /** For ALLOWED: what the parameters' provenance must be (HIGH or CRITICAL), else null. */
  final TrustRequirement allowedTrust;
  /** For ALLOWED: the start of the reason of the DENY when they are not trusted. */
  final String allowedUntrustedReason;
  /** The start of the reason of a NO_RULE_MATCHED denial. */
  final String noRuleMatchedReason;
  final String policyVersion;
  private final boolean eagerReasons;
  private final Decision.Explainer noRuleMatched = new NoRuleMatched();
  private final Decision.Explainer allowedUntrusted = new AllowedUntrusted();

  ActionEntry(String actionId, Listing listing, CompiledRule[] rules, Decision listDecision,
      TrustRequirement allowedTrust, String allowedUntrustedReason, String noRuleMatchedReason,
      String policyVersion) {
    this.actionId = actionId;
    this.listing = listing;
    this.rules = rules;
    this.listDecision = listDecision;
    this.allowedTrust = allowedTrust;
    this.allowedUntrustedReason = allowedUntrustedReason;
    this.noRuleMatchedReason = noRuleMatchedReason;
    this.policyVersion = policyVersion;
    boolean eager = false;
    for (CompiledRule r : rules) {
      eager |= r.eagerReasons;
    }
    this.eagerReasons = eager;
  }

  /**
   * The DENY when the action has rules but none matched. Its reason and failed conditions are
   * rendered from the request on first read: nothing is built on the hot path.
   */
  Decision noRuleMatched(ActionRequest request) {
    Decision d = Decision.explained(Outcome.DENY, actionId, null, policyVersion,
        DecisionSource.NO_RULE_MATCHED, noRuleMatched, request);
    if (eagerReasons) {
      d.reason();
      d.failedConditions();
    }
    return d;
  }

  /** The DENY of an {@code allowed_actions} entry whose parameters are not trusted. */
  Decision allowedUntrusted(ActionRequest request) {
    return Decision.explained(Outcome.DENY, actionId, null, policyVersion,
        DecisionSource.ALLOWED_LIST, allowedUntrusted, request);
  }

  /**
   * Every reason the rules that could have allowed (or escalated) the request did not: their
   * failed conditions and the parameters their closed sets do not admit. DENY rules are left
   * out: their conditions failing is why they did not apply, not why the request was denied.
   */
  private List<ConditionFailure> failures(ActionRequest request) {
    List<ConditionFailure> failures = new ArrayList<>();
    for (CompiledRule rule : rules) {
      if (rule.outcome == Outcome.DENY) {
        continue;
      }
      String unadmitted = rule.firstUnadmitted(request);
      if (unadmitted != null) {
        failures.add(rule.unadmitted(unadmitted));
      }
      for (BoundCondition c : rule.conditions) {
        if (rule.outcome == Outcome.ESCALATE
            && c.judge(request, true) == BoundCondition.CANNOT_JUDGE) {
          continue; // did not keep the escalate rule from applying
        }
        String failure = c.failure(request);
        if (failure != null) {
          failures.add(new ConditionFailure(rule.rule.id(), c.parameter, c.operator, failure));
        }
      }
    }
    return failures;
  }

  private final class NoRuleMatched implements Decision.Explainer {
    @Override
    public List<ConditionFailure> failedConditions(ActionRequest request) {
      return failures(request);
    }

    @Override
    public String reason(ActionRequest request) {
      List<ConditionFailure> failures = failures(request);
      StringBuilder reason = new StringBuilder(noRuleMatchedReason);
      if (!failures.isEmpty()) {
        reason.append("; failed conditions: ");
        int shown = Math.min(failures.size(), MAX_FAILURES_IN_REASON);
        for (int i = 0; i < shown; i++) {
          ConditionFailure f = failures.get(i);
          if (i > 0) {
            reason.append("; ");
          }
          reason.append("rule '").append(f.ruleId()).append("' ").append(f.operator())
              .append(": ").append(f.reason());
        }
        if (failures.size() > shown) {
          reason.append("; and ").append(failures.size() - shown).append(" more");
        }
      }
      return reason.toString();
    }
  }

  private final class AllowedUntrusted implements Decision.Explainer {
    @Override
    public String reason(ActionRequest request) {
      List<String> untrusted = allowedTrust.untrusted(request);
      return allowedUntrustedReason + ": " + String.join(", ", untrusted)
          + (untrusted.size() == 1 ? " is" : " are") + " not trusted";
    }

    @Override
    public List<ConditionFailure> failedConditions(ActionRequest request) {
      return List.of();
    }
  }
}
