package io.ape.core.policy;

import io.ape.api.Decision;
import io.ape.api.Outcome;
import io.ape.api.SourceLocation;
import java.util.List;
import java.util.Objects;

/**
 * How a decision was reached: every evaluation step taken, every rule considered with each of
 * its conditions' results and reasons, and the final decision (the same decision
 * {@link PolicyEngine#evaluate} returns for the same request and policy).
 *
 * <p>Immutable and thread-safe.
 *
 * @param decision the final decision
 * @param policyName the name of the policy that decided ({@code ""} if it has none)
 * @param policyVersion the SHA-256 of the policy that decided
 * @param steps the evaluation steps in order, in words
 * @param rules every rule considered, in the order considered
 */
public record Explanation(
    Decision decision,
    String policyName,
    String policyVersion,
    List<String> steps,
    List<RuleTrace> rules) {

  public Explanation {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(policyName, "policyName");
    Objects.requireNonNull(policyVersion, "policyVersion");
    steps = List.copyOf(steps);
    rules = List.copyOf(rules);
  }

  /**
   * One rule as evaluated.
   *
   * @param ruleId the rule's id
   * @param decision what the rule decides when it matches
   * @param location where it is written
   * @param matched whether the rule applies: all of its conditions held or, for a DENY or
   *     ESCALATE rule, each held or could not judge its parameter (absent, or a value it
   *     cannot read)
   * @param conditions each condition's result, in order
   */
  public record RuleTrace(String ruleId, Outcome decision, SourceLocation location,
      boolean matched, List<ConditionTrace> conditions) {
    public RuleTrace {
      Objects.requireNonNull(ruleId, "ruleId");
      Objects.requireNonNull(decision, "decision");
      Objects.requireNonNull(location, "location");
      conditions = List.copyOf(conditions);
    }
  }

  /**
   * One condition as evaluated.
   *
   * @param parameter the parameter it tests
   * @param operator the operator
   * @param location where it is written
   * @param holds whether it held
   * @param detail {@code "holds"}, or why it failed (for a DENY or ESCALATE rule, an absent
   *     parameter or a value the condition cannot judge does not hold, but makes the rule
   *     apply; the detail then starts with {@code "cannot judge"} and says so)
   */
  public record ConditionTrace(String parameter, String operator, SourceLocation location,
      boolean holds, String detail) {
    public ConditionTrace {
      Objects.requireNonNull(parameter, "parameter");
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** A multi-line, human-readable rendering (for tools and the CLI). */
  public String render() {
    StringBuilder sb = new StringBuilder();
    sb.append("Decision: ").append(decision.outcome()).append(" (").append(decision.source())
        .append(")\nReason: ").append(decision.reason()).append('\n');
    sb.append("Policy: ").append(policyName.isEmpty() ? "(unnamed)" : policyName)
        .append(" @ ").append(policyVersion.length() > 16 ? policyVersion.substring(0, 16)
            : policyVersion).append('\n');
    sb.append("Steps:\n");
    for (int i = 0; i < steps.size(); i++) {
      sb.append("  ").append(i + 1).append(". ").append(steps.get(i)).append('\n');
    }
    if (!rules.isEmpty()) {
      sb.append("Rules considered:\n");
      for (RuleTrace r : rules) {
        sb.append("  - ").append(r.ruleId()).append(" (").append(r.decision().keyword())
            .append(", ").append(r.location()).append("): ")
            .append(r.matched() ? "matched" : "did not match").append('\n');
        for (ConditionTrace c : r.conditions()) {
          sb.append("      ").append(c.holds() ? "[ok]   " : r.matched() ? "[cannot judge] "
              : "[fail] ").append(c.parameter())
              .append(' ').append(c.operator()).append(": ").append(c.detail()).append('\n');
        }
      }
    }
    return sb.toString();
  }
}
