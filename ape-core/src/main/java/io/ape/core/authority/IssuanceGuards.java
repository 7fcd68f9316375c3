package io.ape.core.authority;

import io.ape.api.PlanStep;
import io.ape.core.internal.run.TokenVerifier;
import io.ape.core.plan.ApprovedPlan;
import io.ape.spi.AuthorityIssuer;

/**
 * The issuance guards of a run: the action presented must be exactly step {@code k} of the plan
 * approved against the current intent, and step {@code k} must be the next one (every earlier
 * step finished through the gate, nothing running, pending or escalating for it).
 */
final class IssuanceGuards {
  private IssuanceGuards() {}

  /** How {@code a} differs from step {@code a.stepIndex()} of {@code ap}, or {@code null}. */
  static String differenceFromPlan(Action a, ApprovedPlan ap) {
    if (!a.intentVersion().equals(ap.intentVersion())) {
      return "it is bound to another intent version";
    }
    if (!a.planHash().equals(ap.planHash())) {
      return "it is bound to another plan";
    }
    if (a.stepIndex() >= ap.size()) {
      return "the plan has only " + ap.size() + " steps";
    }
    PlanStep s = ap.step(a.stepIndex());
    if (!a.actionId().equals(s.actionId())) {
      return "the step's action is '" + s.actionId() + "', not '" + a.actionId() + "'";
    }
    if (!a.toolId().equals(s.toolId())) {
      return "the step's tool is '" + s.toolId() + "', not '" + a.toolId() + "'";
    }
    if (!a.parametersHash().equals(ap.parametersHash(a.stepIndex()))) {
      return "its parameters differ from the step's";
    }
    return null;
  }

  /** Why step {@code k} cannot be authorised now, or {@code null}. */
  static String orderRefusal(AuthorityManager.Progress p, int k, AuthorityIssuer issuer) {
    if (p.running) {
      return "step " + p.nextStep + " is running; steps run one at a time, in plan order";
    }
    if (p.escalating) {
      return "an escalation for step " + p.nextStep + " is pending; issuance is frozen";
    }
    if (k < p.nextStep) {
      return "step " + k + " has already run; a step runs once";
    }
    if (k > p.nextStep) {
      return "step " + k + " cannot be authorised before step " + p.nextStep
          + " has finished; steps run in plan order";
    }
    if (p.pending != null && issuer.isOutstanding(p.pending.token())) {
      return "a token for step " + k + " is already outstanding ("
          + TokenVerifier.safeRef(p.pending.token()) + "); use it or revoke it";
    }
    return null;
  }

}
