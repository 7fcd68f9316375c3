package io.ape.testkit.sample;

import io.ape.api.ActionRequest;
import io.ape.api.EvaluatorVerdict;
import io.ape.api.Outcome;
import io.ape.api.Policy;
import io.ape.spi.PolicyEvaluator;

/** Denies paths under /etc, allows the rest: a deterministic external evaluator. */
public class SampleEvaluator implements PolicyEvaluator {
  @Override
  public EvaluatorVerdict evaluate(ActionRequest request, Policy policy) {
    Object path = request.parameters().get("path");
    if (path instanceof String s && s.startsWith("/etc")) {
      return new EvaluatorVerdict(Outcome.DENY, "no /etc");
    }
    return new EvaluatorVerdict(Outcome.ALLOW, "");
  }
}
