package io.ape.policy.yaml.internal;

import io.ape.api.PolicyProblem;
import io.ape.api.PolicyValidationException;
import io.ape.api.SourceLocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects validation problems so that one run reports all of them, in document order. */
final class Problems {
  private final String source;
  private final List<PolicyProblem> problems = new ArrayList<>();

  Problems(String source) {
    this.source = source;
  }

  /** The source name used in every location. */
  String source() {
    return source;
  }

  /** A location in this source. */
  SourceLocation at(int line, int column) {
    return new SourceLocation(source, line, column);
  }

  /** A problem at a node. */
  void add(Node node, String path, String message) {
    problems.add(new PolicyProblem(at(node.line(), node.column()), path, message));
  }

  /** A problem at a mapping key. */
  void add(MapNode.Entry entry, String path, String message) {
    problems.add(new PolicyProblem(at(entry.line(), entry.column()), path, message));
  }

  /** The number of problems so far. */
  int count() {
    return problems.size();
  }

  /** Throws a {@link PolicyValidationException} with every problem, if there is any. */
  void throwIfAny() {
    if (!problems.isEmpty()) {
      List<PolicyProblem> sorted = new ArrayList<>(problems);
      sorted.sort(Comparator.comparingInt((PolicyProblem p) -> p.location().line())
          .thenComparingInt(p -> p.location().column()));
      throw new PolicyValidationException(sorted);
    }
  }
}
