package io.ape.core.internal.run;

import io.ape.api.ActionRequest;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Intent;
import io.ape.api.Outcome;
import io.ape.api.PolicyDecisionPoint;

/**
 * The one evaluation of a step: the decision point's answer, turned into DENY if it fails,
 * answers nothing or answers about another action, and into ESCALATE when the intent lists the
 * action under {@code escalation_required} and the policy would allow it. Every path that
 * decides a step (pre-flight, issuance, re-evaluation after an approval) decides it here.
 *
 * @since 0.2.0
 */
public final class StepDecider {
  private StepDecider() {}

  /** Decides {@code request} under {@code intent}. Never throws, never returns {@code null}. */
  public static Decision decide(PolicyDecisionPoint pdp, ActionRequest request, Intent intent) {
    Decision d;
    try {
      d = pdp.evaluate(request);
    } catch (RuntimeException e) {
      d = Decision.deny(request.actionId(), "policy evaluation failed: " + e.getClass().getName(),
          DecisionSource.ERROR, versionOf(pdp));
    }
    if (d == null) {
      return Decision.deny(request.actionId(), "policy evaluation returned no decision",
          DecisionSource.ERROR, versionOf(pdp));
    }
    if (!d.actionId().equals(request.actionId())) {
      return Decision.deny(request.actionId(), "policy returned a decision for another action",
          DecisionSource.ERROR, d.policyVersion());
    }
    if (d.isAllowed() && intent != null
        && intent.escalationRequired().contains(request.actionId())) {
      return new Decision(Outcome.ESCALATE, d.actionId(), "the intent requires escalation for '"
          + d.actionId() + "' (policy: " + d.reason() + ")", d.matchedRule(), d.failedConditions(),
          d.policyVersion(), DecisionSource.ESCALATION_LIST);
    }
    return d;
  }

  /** The decision point's policy version, {@code ""} if it cannot say. */
  public static String versionOf(PolicyDecisionPoint pdp) {
    try {
      String v = pdp.policyVersion();
      return v == null ? "" : v;
    } catch (RuntimeException e) {
      return "";
    }
  }
}
