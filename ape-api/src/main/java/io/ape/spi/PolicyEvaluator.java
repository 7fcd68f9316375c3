package io.ape.spi;

import io.ape.api.ActionRequest;
import io.ape.api.EvaluatorVerdict;
import io.ape.api.Policy;

/**
 * An external evaluator (OPA, Cedar, a home-grown service) consulted after the policy file.
 * It can only narrow: an ALLOW verdict never overrides DENY or ESCALATE; an exception, a
 * timeout or a {@code null} verdict is DENY.
 */
public interface PolicyEvaluator {
  /** Evaluates a request the policy has ALLOWed. */
  EvaluatorVerdict evaluate(ActionRequest request, Policy policy) throws Exception;
}
