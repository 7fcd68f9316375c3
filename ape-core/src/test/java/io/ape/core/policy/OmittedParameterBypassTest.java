package io.ape.core.policy;

import static io.ape.core.policy.TestPolicy.cond;
import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.ConditionSpec;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import io.ape.core.provider.Fixtures;
import io.ape.spi.ConditionOperator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The "omit the parameter" attack: a deny (or escalate) rule inspects a parameter, a later rule
 * allows the rest, and the attacker simply leaves the inspected parameter out. A condition
 * cannot judge an absent parameter, exactly as it cannot judge a value of the wrong type, so a
 * deny or escalate rule applies to it; an allow rule still fails on it. Conditions stay ANDed: a
 * condition that judges its value and fails keeps the rule from applying.
 */
class OmittedParameterBypassTest {

  private static PolicyEngine etcThenEverything(Outcome guard, ConditionSpec... conditions) {
    return TestPolicy.named("guard-" + guard + conditions.length)
        .rule("never-etc", "read_file", guard, conditions)
        .rule("anything-else", "read_file", Outcome.ALLOW).engine();
  }

  @Test
  void omittingTheParameterADenyRuleInspectsDoesNotReachTheAllowRule() {
    PolicyEngine engine = etcThenEverything(Outcome.DENY, cond("path", "prefix", "/etc/"));

    Decision d = engine.evaluate("read_file", Map.of());
    assertThat(d.outcome()).isEqualTo(Outcome.DENY);
    assertThat(d.source()).isEqualTo(DecisionSource.RULE);
    assertThat(d.matchedRule()).isEqualTo("never-etc");
    assertThat(d.reason()).contains("parameter 'path' is absent, so deny rule 'never-etc' applies");
    assertThat(d.failedConditions()).singleElement().satisfies(f -> {
      assertThat(f.ruleId()).isEqualTo("never-etc");
      assertThat(f.parameter()).isEqualTo("path");
      assertThat(f.operator()).isEqualTo("prefix");
      assertThat(f.reason()).isEqualTo("parameter 'path' is absent");
    });
    assertThat(engine.evaluate("read_file").outcome()).as("no parameter map at all")
        .isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("read_file", Map.of("other", "/srv/a")).outcome())
        .as("other parameters do not stand in for the inspected one").isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("read_file", Map.of("path", "/etc/passwd")).outcome())
        .isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("read_file", Map.of("path", "/srv/a.csv")).outcome())
        .as("a judged value outside /etc still reaches the allow rule").isEqualTo(Outcome.ALLOW);
  }

  @Test
  void omittingTheParameterAnEscalateRuleInspectsDoesNotReachTheAllowRule() {
    PolicyEngine engine = etcThenEverything(Outcome.ESCALATE, cond("path", "prefix", "/etc/"));

    Decision d = engine.evaluate("read_file", Map.of());
    assertThat(d.outcome()).isEqualTo(Outcome.ESCALATE);
    assertThat(d.source()).isEqualTo(DecisionSource.RULE);
    assertThat(d.matchedRule()).isEqualTo("never-etc");
    assertThat(d.reason())
        .contains("parameter 'path' is absent, so escalate rule 'never-etc' applies");
    assertThat(engine.evaluate("read_file", Map.of("path", "/srv/a.csv")).outcome())
        .isEqualTo(Outcome.ALLOW);
  }

  @Test
  void omittingEitherParameterOfATwoConditionDenyRuleDoesNotReachTheAllowRule() {
    PolicyEngine engine = TestPolicy.named("wipe")
        .rule("never-wipe-etc", "delete_directory", Outcome.DENY,
            cond("path", "prefix", "/etc/"), cond("recursive", "equals", true))
        .rule("anything-else", "delete_directory", Outcome.ALLOW).engine();

    assertThat(outcome(engine, "delete_directory", "path", "/etc/x"))
        .as("recursive absent, path judged and inside /etc").isEqualTo(Outcome.DENY);
    assertThat(outcome(engine, "delete_directory", "recursive", true))
        .as("path absent, recursive judged and true").isEqualTo(Outcome.DENY);
    assertThat(outcome(engine, "delete_directory")).as("both absent").isEqualTo(Outcome.DENY);
    assertThat(outcome(engine, "delete_directory", "path", "/etc/x", "recursive", true))
        .isEqualTo(Outcome.DENY);

    assertThat(outcome(engine, "delete_directory", "path", "/home/x"))
        .as("path judged and false: the rule does not apply, whatever recursive is")
        .isEqualTo(Outcome.ALLOW);
    assertThat(outcome(engine, "delete_directory", "path", "/home/x", "recursive", true))
        .isEqualTo(Outcome.ALLOW);
    assertThat(outcome(engine, "delete_directory", "recursive", false))
        .as("recursive judged and false: the rule does not apply, whatever path is")
        .isEqualTo(Outcome.ALLOW);
    assertThat(outcome(engine, "delete_directory", "path", "/etc/x", "recursive", false))
        .isEqualTo(Outcome.ALLOW);

    Decision d = engine.evaluate("delete_directory", Map.of());
    assertThat(d.failedConditions()).extracting(f -> f.parameter())
        .containsExactly("path", "recursive");
    assertThat(d.reason()).contains("parameter 'path' is absent; parameter 'recursive' is absent"
        + ", so deny rule 'never-wipe-etc' applies");
  }

  @Test
  void omittingEitherParameterOfATwoConditionEscalateRuleDoesNotReachTheAllowRule() {
    PolicyEngine engine = TestPolicy.named("mail")
        .rule("external-mail", "send_email", Outcome.ESCALATE,
            cond("to", "denylist", "*@example.com"), cond("attachments", "max", 0))
        .rule("anything-else", "send_email", Outcome.ALLOW).engine();

    assertThat(outcome(engine, "send_email", "to", "x@evil.org"))
        .isEqualTo(Outcome.ESCALATE);
    assertThat(outcome(engine, "send_email", "attachments", 0)).isEqualTo(Outcome.ESCALATE);
    assertThat(outcome(engine, "send_email")).isEqualTo(Outcome.ESCALATE);
    assertThat(outcome(engine, "send_email", "to", "me@example.com"))
        .as("to judged: an internal address").isEqualTo(Outcome.ALLOW);
    assertThat(outcome(engine, "send_email", "attachments", 3))
        .as("attachments judged and above the bound").isEqualTo(Outcome.ALLOW);
  }

  @Test
  void aDenyRuleAppliesToAnAbsentParameterAndToAValueItCannotJudgeTogether() {
    PolicyEngine engine = TestPolicy.named("mixed")
        .rule("no-vcs-writes", "open_file", Outcome.DENY,
            cond("path", "allowlist", "*/.git/*"), cond("mode", "equals", "w"))
        .rule("rest", "open_file", Outcome.ALLOW).engine();
    Decision d = engine.evaluate("open_file", Map.of("path", "/a/../.git/x"));
    assertThat(d.outcome()).isEqualTo(Outcome.DENY);
    assertThat(d.matchedRule()).isEqualTo("no-vcs-writes");
    assertThat(d.reason()).contains("it cannot judge allowlist parameter 'path'")
        .contains("parameter 'mode' is absent")
        .contains("leaving out a parameter a deny rule inspects never gets past it")
        .contains("a value a deny rule cannot read never gets past it");
  }

  @Test
  void anEarlierDenyRuleOnAnAbsentParameterWinsOverALaterMatchingAllowRule() {
    PolicyEngine engine = TestPolicy.named("order")
        .rule("no-large", "write_file", Outcome.DENY, cond("size_bytes", "min", 1_000_000))
        .rule("tmp", "write_file", Outcome.ALLOW, cond("path", "path_within", "/tmp"))
        .allow("write_file").engine();
    assertThat(outcome(engine, "write_file", "path", "/tmp/a")).isEqualTo(Outcome.DENY);
    assertThat(outcome(engine, "write_file", "path", "/tmp/a", "size_bytes", 10))
        .isEqualTo(Outcome.ALLOW);
  }

  @Test
  void allowRulesStillFailOnAnAbsentParameter() {
    PolicyEngine engine = TestPolicy.named("allow")
        .rule("tmp", "write_file", Outcome.ALLOW, cond("path", "prefix", "/tmp/"))
        .allow("write_file").engine();
    Decision d = engine.evaluate("write_file", Map.of());
    assertThat(d.outcome()).isEqualTo(Outcome.DENY);
    assertThat(d.source()).isEqualTo(DecisionSource.NO_RULE_MATCHED);
    assertThat(d.reason()).contains("rule 'tmp' prefix: parameter 'path' is absent");
  }

  @Test
  void simulateAndExplainReportTheAbsentParameterAndAgreeWithEvaluate() {
    PolicyEngine engine = TestPolicy.named("wipe")
        .rule("never-wipe-etc", "delete_directory", Outcome.DENY,
            cond("path", "prefix", "/etc/"), cond("recursive", "equals", true))
        .rule("anything-else", "delete_directory", Outcome.ALLOW).engine();
    Map<String, Object> params = Map.of("path", "/etc/x");

    Decision evaluated = engine.evaluate("delete_directory", params);
    assertThat(engine.simulate("delete_directory", params)).isEqualTo(evaluated);
    Explanation e = engine.explain("delete_directory", params);
    assertThat(e.decision()).isEqualTo(evaluated);
    assertThat(e.rules()).singleElement().satisfies(r -> {
      assertThat(r.ruleId()).isEqualTo("never-wipe-etc");
      assertThat(r.matched()).isTrue();
      assertThat(r.conditions()).hasSize(2);
      assertThat(r.conditions().get(0).holds()).isTrue();
      assertThat(r.conditions().get(1).holds()).isFalse();
      assertThat(r.conditions().get(1).detail())
          .startsWith("cannot judge an absent parameter (parameter 'recursive' is absent)")
          .contains("a deny rule applies when a parameter it inspects is absent");
    });
    assertThat(e.steps()).anySatisfy(s -> assertThat(s)
        .contains("rule 'never-wipe-etc' matched: DENY")
        .contains("cannot judge its parameter"));
    assertThat(e.render()).contains("[cannot judge] recursive equals");

    Explanation judged = engine.explain("delete_directory", Map.of("path", "/home/x"));
    assertThat(judged.decision().outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(judged.rules().get(0).matched()).isFalse();
    assertThat(judged.rules().get(0).conditions().get(0).detail()).doesNotStartWith("cannot");
    assertThat(judged.render()).contains("[fail] path prefix");
  }

  @Test
  void theEngineNeverCallsAnOperatorForAnAbsentParameter() {
    AtomicInteger calls = new AtomicInteger();
    ConditionOperator counting = new ConditionOperator() {
      @Override
      public String name() {
        return "counted";
      }

      @Override
      public CompiledCondition compile(io.ape.api.ConditionSpec spec) {
        return new CompiledCondition() {
          @Override
          public boolean test(Object value) {
            calls.incrementAndGet();
            return "yes".equals(value);
          }

          @Override
          public String describeFailure(Object value) {
            calls.incrementAndGet();
            return "not yes";
          }

          @Override
          public boolean refuses(Object value) {
            calls.incrementAndGet();
            return false;
          }
        };
      }
    };
    PolicyEngine engine = PolicyEngine.builder()
        .policy(TestPolicy.named("custom")
            .rule("custom-deny", "run", Outcome.DENY, cond("flag", "counted", "x"))
            .rule("custom-allow", "run", Outcome.ALLOW, cond("flag", "counted", "x"))
            .rule("rest", "run", Outcome.ALLOW).build())
        .operator(counting).operatorDiscovery(false)
        .providerLoader(Fixtures.providerLoader("none")).build();

    Decision d = engine.evaluate("run", Map.of());
    assertThat(d.outcome()).as("a custom deny condition cannot judge an absent parameter either")
        .isEqualTo(Outcome.DENY);
    assertThat(d.matchedRule()).isEqualTo("custom-deny");
    assertThat(engine.explain("run", Map.of()).decision()).isEqualTo(d);
    assertThat(calls).as("absent parameters never reach the operator").hasValue(0);

    assertThat(engine.evaluate("run", Map.of("flag", "no")).matchedRule())
        .as("a value the custom operator judged and found failing").isEqualTo("rest");
    assertThat(calls.get()).isPositive();
  }

  @Test
  void aParameterPresentAsNullIsAValueTheDenyRuleCannotJudge() {
    PolicyEngine engine = etcThenEverything(Outcome.DENY, cond("path", "prefix", "/etc/"));
    Map<String, Object> params = new HashMap<>();
    params.put("path", null);
    Decision d = engine.evaluate("read_file", params);
    assertThat(d.outcome()).isEqualTo(Outcome.DENY);
    assertThat(d.matchedRule()).isEqualTo("never-etc");
    assertThat(d.reason()).doesNotContain("is absent");
  }

  private static Outcome outcome(PolicyEngine engine, String action, Object... keyValues) {
    Map<String, Object> params = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      params.put((String) keyValues[i], keyValues[i + 1]);
    }
    return engine.evaluate(action, params).outcome();
  }
}
