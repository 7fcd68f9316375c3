package io.ape.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Decision;
import io.ape.api.Outcome;
import io.ape.core.provider.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Large policies compile and decide correctly (timings belong in ape-bench, not here). */
class ScaleTest {
  @Test
  void aTenThousandRulePolicyCompilesAndEveryActionIsIndexed() {
    TestPolicy policy = TestPolicy.named("big");
    for (int i = 0; i < 10_000; i++) {
      policy.rule("r" + i, "action_" + i, Outcome.ALLOW,
          TestPolicy.cond("path", "prefix", "/data/" + i + "/"));
    }
    PolicyEngine engine = PolicyEngine.builder().policy(policy.build())
        .providerLoader(Fixtures.providerLoader("none")).build();
    assertThat(engine.ruleActions()).hasSize(10_000);
    Decision last = engine.evaluate("action_9999", Map.of("path", "/data/9999/x"));
    assertThat(last.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(last.matchedRule()).isEqualTo("r9999");
    assertThat(engine.evaluate("action_9999", Map.of("path", "/data/9998/x")).outcome())
        .isEqualTo(Outcome.DENY);
  }
}
