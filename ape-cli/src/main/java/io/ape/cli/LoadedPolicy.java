package io.ape.cli;

import io.ape.api.ActionRequest;
import io.ape.api.Decision;
import io.ape.api.Policy;

/** A compiled policy, ready to decide requests. */
public interface LoadedPolicy {
  /** The parsed policy model. */
  Policy policy();

  /** Decides one request (never throws for a DENY; a denial is data). */
  Decision evaluate(ActionRequest request);

  /** Decides one request and says how: which steps ran, which rules and conditions held. */
  DecisionTrace explain(ActionRequest request);
}
