package io.ape.cli;

import io.ape.api.Decision;
import io.ape.api.Outcome;
import io.ape.api.SourceLocation;
import java.util.List;
import java.util.Objects;

/**
 * How a decision was reached, as the {@code explain} command shows it.
 *
 * @param decision the decision
 * @param steps the evaluation steps in order, each a short human-readable line
 * @param rules the rules considered for the action, in file order
 */
public record DecisionTrace(Decision decision, List<String> steps, List<RuleTrace> rules) {
  public DecisionTrace {
    Objects.requireNonNull(decision, "decision");
    steps = List.copyOf(steps);
    rules = List.copyOf(rules);
  }

  /**
   * One rule that was considered.
   *
   * @param ruleId the rule's id
   * @param decision what the rule decides when it matches
   * @param location where the rule is written
   * @param matched whether every condition held (so the rule decided)
   * @param conditions each condition with its result, in file order
   */
  public record RuleTrace(String ruleId, Outcome decision, SourceLocation location, boolean matched,
      List<ConditionTrace> conditions) {
    public RuleTrace {
      Objects.requireNonNull(ruleId, "ruleId");
      Objects.requireNonNull(decision, "decision");
      conditions = List.copyOf(conditions);
    }
  }

  /**
   * One condition of a considered rule.
   *
   * @param parameter the parameter it constrains
   * @param operator the operator name
   * @param argument the operator's argument as written
   * @param held whether it held
   * @param detail why it failed ({@code ""} when it held)
   */
  public record ConditionTrace(String parameter, String operator, Object argument, boolean held,
      String detail) {
    public ConditionTrace {
      Objects.requireNonNull(parameter, "parameter");
      Objects.requireNonNull(operator, "operator");
      detail = detail == null ? "" : detail;
    }
  }
}
