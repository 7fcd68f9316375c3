package io.ape.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of evaluating one action against a policy. A denial is data: evaluating never
 * throws for a DENY; only enforcing calls throw {@link PolicyDenyException}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param outcome ALLOW, DENY or ESCALATE
 * @param actionId the action id as requested (may be malformed when {@code source} is
 *     {@link DecisionSource#INVALID_REQUEST})
 * @param reason a human-readable explanation, never {@code null}
 * @param matchedRule the id of the rule that decided, or {@code null} if no rule decided
 * @param failedConditions conditions that failed on the way to this decision (possibly empty)
 * @param policyVersion the SHA-256 (hex) of the policy that decided, or {@code ""} if none
 * @param source which evaluation step decided
 *
 * @since 0.1.0
 */
public record Decision(
    Outcome outcome,
    String actionId,
    String reason,
    String matchedRule,
    List<ConditionFailure> failedConditions,
    String policyVersion,
    DecisionSource source) {

  public Decision {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(actionId, "actionId");
    Objects.requireNonNull(reason, "reason");
    failedConditions = List.copyOf(failedConditions);
    Objects.requireNonNull(policyVersion, "policyVersion");
    Objects.requireNonNull(source, "source");
  }

  /** A DENY produced outside normal evaluation (bad input, internal error). */
  public static Decision deny(String actionId, String reason, DecisionSource source,
      String policyVersion) {
    return new Decision(Outcome.DENY, String.valueOf(actionId), reason, null, List.of(),
        policyVersion == null ? "" : policyVersion, source);
  }

  /** {@code true} only when the outcome is ALLOW. */
  public boolean isAllowed() {
    return outcome == Outcome.ALLOW;
  }

  /** {@code true} when this ALLOW came from a policy's default (an allow-by-default policy). */
  public boolean isDefaultAllow() {
    return outcome == Outcome.ALLOW && source == DecisionSource.DEFAULT;
  }

  /** The id of the deciding rule, if a rule decided. */
  public Optional<String> matchedRuleId() {
    return Optional.ofNullable(matchedRule);
  }
}
