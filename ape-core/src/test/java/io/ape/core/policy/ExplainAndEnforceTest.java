package io.ape.core.policy;

import static io.ape.core.policy.TestPolicy.cond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ActionRequest;
import io.ape.api.ConditionSpec;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.EscalationRequiredException;
import io.ape.api.Outcome;
import io.ape.api.PolicyDenyException;
import io.ape.core.provider.Fixtures;
import io.ape.spi.ConditionOperator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplainAndEnforceTest {
  private final PolicyEngine engine = TestPolicy.named("explained")
      .forbid("rm_rf").escalate("send_email").allow("list_directory")
      .rule("no-etc", "write_file", Outcome.DENY, cond("path", "path_within", "/etc"))
      .rule("tmp", "write_file", Outcome.ALLOW,
          cond("path", "path_within", "/tmp"), cond("content", "max_bytes", 10))
      .engine();

  @Test
  void explainReportsEveryStepRuleAndCondition() {
    Explanation e = engine.explain("write_file", Map.of("path", "/tmp/../var/x", "content", "hi"));
    assertThat(e.decision()).isEqualTo(engine.evaluate("write_file",
        Map.of("path", "/tmp/../var/x", "content", "hi")));
    assertThat(e.decision().source()).isEqualTo(DecisionSource.NO_RULE_MATCHED);
    assertThat(e.policyName()).isEqualTo("explained");
    assertThat(e.policyVersion()).isEqualTo(engine.policyVersion());
    assertThat(e.rules()).hasSize(2);
    Explanation.RuleTrace first = e.rules().get(0);
    assertThat(first.ruleId()).isEqualTo("no-etc");
    assertThat(first.matched()).isFalse();
    assertThat(first.conditions()).singleElement().satisfies(c -> {
      assertThat(c.holds()).isFalse();
      assertThat(c.detail()).contains("is not within '/etc'");
    });
    Explanation.RuleTrace second = e.rules().get(1);
    assertThat(second.conditions()).extracting(Explanation.ConditionTrace::holds)
        .containsExactly(false, true);
    assertThat(second.conditions().get(0).detail()).contains("normalised to '/var/x'");
    assertThat(e.steps()).first().asString().contains("neither forbidden_actions nor escalation_required");
    assertThat(e.steps()).last().asString().startsWith("no rule matched: DENY");
    assertThat(e.render()).contains("Decision: DENY (NO_RULE_MATCHED)")
        .contains("[fail] path path_within").contains("[ok]   content max_bytes");
  }

  @Test
  void explainAgreesWithEvaluateOnEveryPath() {
    List<ActionRequest> requests = List.of(ActionRequest.of("rm_rf"), ActionRequest.of("send_email"),
        ActionRequest.of("list_directory"), ActionRequest.of("unknown"), ActionRequest.of("bad id"),
        ActionRequest.of("write_file", Map.of("path", "/etc/x")),
        ActionRequest.of("write_file", Map.of("path", "/tmp/x", "content", "short")),
        ActionRequest.of("write_file"));
    for (ActionRequest r : requests) {
      assertThat(engine.explain(r).decision()).as(r.actionId()).isEqualTo(engine.evaluate(r));
    }
  }

  @Test
  void explainOfAnInvalidRequestSaysSo() {
    Explanation e = engine.explain("write_file", Map.of("path", new Object()));
    assertThat(e.decision().source()).isEqualTo(DecisionSource.INVALID_REQUEST);
    assertThat(e.steps()).singleElement().asString().startsWith("the request is invalid");
  }

  @Test
  void simulateGivesTheSameDecision() {
    assertThat(engine.simulate("rm_rf")).isEqualTo(engine.evaluate("rm_rf"));
    assertThat(engine.simulate("write_file", Map.of("path", "/tmp/a", "content", "x")))
        .isEqualTo(engine.evaluate("write_file", Map.of("path", "/tmp/a", "content", "x")));
  }

  @Test
  void evaluateOrThrowThrowsTypedExceptionsCarryingTheDecision() {
    assertThat(engine.evaluateOrThrow("list_directory").isAllowed()).isTrue();
    assertThatThrownBy(() -> engine.evaluateOrThrow("rm_rf"))
        .isInstanceOfSatisfying(PolicyDenyException.class, e -> {
          assertThat(e.actionId()).isEqualTo("rm_rf");
          assertThat(e.decision().source()).isEqualTo(DecisionSource.FORBIDDEN_LIST);
        });
    assertThatThrownBy(() -> engine.evaluateOrThrow(ActionRequest.of("send_email")))
        .isInstanceOfSatisfying(EscalationRequiredException.class,
            e -> assertThat(e.decision().outcome()).isEqualTo(Outcome.ESCALATE));
    assertThatThrownBy(() -> engine.evaluateOrThrow("write_file", Map.of("path", "/etc/x")))
        .isInstanceOf(PolicyDenyException.class).hasMessageContaining("rule 'no-etc'");
  }

  @Test
  void unsupportedParameterTypesAreAnInvalidRequest() {
    Decision d = engine.evaluate("write_file", Map.of("path", new StringBuilder("/tmp/a")));
    assertThat(d.outcome()).isEqualTo(Outcome.DENY);
    assertThat(d.source()).isEqualTo(DecisionSource.INVALID_REQUEST);
    assertThat(d.reason()).contains("unsupported parameter value type java.lang.StringBuilder");
  }

  @Test
  void aCustomOperatorThatThrowsAtEvaluationIsAnErrorDenyNotASkippedRule() {
    ConditionOperator flaky = new ConditionOperator() {
      @Override
      public String name() {
        return "flaky";
      }

      @Override
      public CompiledCondition compile(ConditionSpec spec) {
        return new CompiledCondition() {
          @Override
          public boolean test(Object value) {
            throw new IllegalStateException("lookup service down");
          }

          @Override
          public String describeFailure(Object value) {
            return "never";
          }
        };
      }
    };
    // If the throwing deny rule were skipped, the allow rule after it would ALLOW.
    PolicyEngine e = PolicyEngine.builder().operator(flaky)
        .providerLoader(Fixtures.providerLoader("none"))
        .policy(TestPolicy.named("flaky")
            .rule("block", "http_get", Outcome.DENY, cond("url", "flaky", "x"))
            .rule("open", "http_get", Outcome.ALLOW).build())
        .build();
    Decision d = e.evaluate("http_get", Map.of("url", "https://example.com"));
    assertThat(d.outcome()).isEqualTo(Outcome.DENY);
    assertThat(d.source()).isEqualTo(DecisionSource.ERROR);
    assertThat(d.reason()).contains("internal error").contains("IllegalStateException");
    assertThat(e.explain("http_get", Map.of("url", "x")).decision().source())
        .isEqualTo(DecisionSource.ERROR);
  }
}
