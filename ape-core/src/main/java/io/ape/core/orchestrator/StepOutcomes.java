package io.ape.core.orchestrator;

import io.ape.api.ApeException;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.EscalationRequiredException;
import io.ape.api.PlanValidationException;
import io.ape.api.PolicyConditionException;
import io.ape.api.PolicyDenyException;
import io.ape.api.RateLimitExceededException;
import io.ape.api.ToolNotRegisteredException;

/**
 * The outcome mapping of the plan path: what a step's error means for its {@link StepReport}
 * (its {@link StepStatus} and decision) and which typed error the caller sees.
 */
final class StepOutcomes {
  private StepOutcomes() {}

  /** The error a DENY becomes: the seed's condition error when conditions failed. */
  static ApeException denyException(Decision d) {
    if (!d.failedConditions().isEmpty() && d.source() != DecisionSource.FORBIDDEN_LIST) {
      PolicyConditionException e = new PolicyConditionException(d.actionId(),
          d.failedConditions().get(0).parameter(), d.reason());
      return new ConditionDenial(d, e);
    }
    return new PolicyDenyException(d);
  }

  /** The error the caller sees. */
  static ApeException typed(ApeException e) {
    return e instanceof ConditionDenial c ? c.typed : e;
  }

  static StepStatus statusOf(ApeException e) {
    if (e instanceof EscalationRequiredException
        || e instanceof io.ape.core.escalation.EscalationDeniedException) {
      return StepStatus.ESCALATION_DENIED;
    }
    if (e instanceof PolicyDenyException || e instanceof ConditionDenial) {
      return StepStatus.DENIED;
    }
    if (e instanceof RateLimitExceededException) {
      return StepStatus.RATE_LIMITED;
    }
    if (e instanceof PlanValidationException || e instanceof ToolNotRegisteredException
        || e instanceof io.ape.api.ActionRepositoryException) {
      return StepStatus.INVALID;
    }
    return StepStatus.FAILED;
  }

  static Decision decisionOf(ApeException e) {
    if (e instanceof io.ape.api.DecisionException) {
      return ((io.ape.api.DecisionException) e).decision();
    }
    if (e instanceof ConditionDenial) {
      return ((ConditionDenial) e).decision;
    }
    return null;
  }

  /** Carries the decision of a condition deny alongside the seed's typed error. */
  static final class ConditionDenial extends ApeException {
    private static final long serialVersionUID = 1L;
    final transient Decision decision;
    final PolicyConditionException typed;

    ConditionDenial(Decision decision, PolicyConditionException typed) {
      super(typed.getMessage());
      this.decision = decision;
      this.typed = typed;
    }
  }

}
