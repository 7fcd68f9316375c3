package io.ape.spi;

import io.ape.api.ActionRequest;
import io.ape.api.EvaluatorVerdict;
import io.ape.api.Policy;

/**
 * An external evaluator (OPA, Cedar, a home-grown service) consulted after the policy file.
 * It can only narrow: an ALLOW verdict never overrides DENY or ESCALATE; an exception, a
 * timeout or a {@code null} verdict is DENY.
 *
 * <p>Implementations are thread-safe and deterministic (concurrent callers get the verdict a
 * single caller gets), answer every request, including malformed action ids and hostile
 * parameters, with a verdict or an exception, and never return {@code null}.
 * {@code io.ape:ape-testkit}'s {@code PolicyEvaluatorContract} checks this contract.
 *
 * @since 0.1.0
 */
public interface PolicyEvaluator {
  /** Evaluates a request the policy has ALLOWed; never returns {@code null}. */
  EvaluatorVerdict evaluate(ActionRequest request, Policy policy) throws Exception;
}
