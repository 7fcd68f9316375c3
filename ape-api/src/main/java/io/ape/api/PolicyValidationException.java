package io.ape.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A policy parsed but is not valid; carries every problem found, each with file, line, column.
 *
 * @since 0.1.0
 */
public class PolicyValidationException extends PolicyException {
  private static final long serialVersionUID = 1L;

  private final List<PolicyProblem> problems;

  /** Creates the exception from at least one problem. */
  public PolicyValidationException(List<PolicyProblem> problems) {
    super(format(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("at least one problem is required");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every problem, in document order. */
  public List<PolicyProblem> problems() {
    return problems;
  }

  private static String format(List<PolicyProblem> problems) {
    if (problems.size() == 1) {
      return problems.get(0).toString();
    }
    return problems.size() + " problems:\n  " + problems.stream().map(PolicyProblem::toString)
        .collect(Collectors.joining("\n  "));
  }
}
