package io.ape.cli;

import io.ape.api.ActionRequest;
import io.ape.api.Decision;
import io.ape.api.Policy;
import io.ape.api.PolicyProblem;
import java.util.List;

/** A compiled policy, ready to decide requests. Close it when done. */
public interface LoadedPolicy extends AutoCloseable {
  /** The parsed policy model. */
  Policy policy();

  /**
   * What is legal but probably wrong (default allow, unreachable rules, ...), as the engine
   * reports it.
   */
  List<PolicyProblem> warnings();

  /** Decides one request (never throws for a DENY; a denial is data). */
  Decision evaluate(ActionRequest request);

  /** Decides one request and says how: which steps ran, which rules and conditions held. */
  DecisionTrace explain(ActionRequest request);

  /** Releases the engine's resources, if any. */
  @Override
  default void close() {}
}
