package io.ape.api;

import java.util.Objects;

/**
 * The answer of an external policy evaluator. External evaluators can only narrow: an ALLOW
 * verdict never overrides the policy's DENY or ESCALATE.
 *
 * @param outcome the verdict
 * @param reason why
 *
 * @since 0.1.0
 */
public record EvaluatorVerdict(Outcome outcome, String reason) {
  public EvaluatorVerdict {
    Objects.requireNonNull(outcome, "outcome");
    reason = reason == null ? "" : reason;
  }
}
