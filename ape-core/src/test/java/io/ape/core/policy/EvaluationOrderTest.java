package io.ape.core.policy;

import static io.ape.core.policy.TestPolicy.cond;
import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationOrderTest {
  private final PolicyEngine engine = TestPolicy.named("order")
      .forbid("rm_rf")
      .escalate("send_email")
      .allow("read_file", "list_directory")
      .rule("no-etc", "read_file", Outcome.DENY, cond("path", "prefix", "/etc/"))
      .rule("tmp-only", "read_file", Outcome.ALLOW, cond("path", "path_within", "/tmp"))
      .rule("email-rule", "send_email", Outcome.ALLOW)
      .rule("rm-rule", "rm_rf", Outcome.ALLOW)
      .engine();

  @Test
  void forbiddenBeatsEveryRule() {
    Decision d = engine.evaluate("rm_rf");
    assertThat(d.outcome()).isEqualTo(Outcome.DENY);
    assertThat(d.source()).isEqualTo(DecisionSource.FORBIDDEN_LIST);
    assertThat(d.reason()).isEqualTo("'rm_rf' is in forbidden_actions of policy 'order'");
    assertThat(d.policyVersion()).isEqualTo(engine.policyVersion()).hasSize(64);
  }

  @Test
  void escalationBeatsRules() {
    Decision d = engine.evaluate("send_email");
    assertThat(d.outcome()).isEqualTo(Outcome.ESCALATE);
    assertThat(d.source()).isEqualTo(DecisionSource.ESCALATION_LIST);
  }

  @Test
  void rulesBeatAllowedActionsInFileOrder() {
    Decision denied = engine.evaluate("read_file", Map.of("path", "/etc/passwd"));
    assertThat(denied.outcome()).isEqualTo(Outcome.DENY);
    assertThat(denied.source()).isEqualTo(DecisionSource.RULE);
    assertThat(denied.matchedRule()).isEqualTo("no-etc");

    Decision allowed = engine.evaluate("read_file", Map.of("path", "/tmp/a.txt"));
    assertThat(allowed.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(allowed.source()).isEqualTo(DecisionSource.RULE);
    assertThat(allowed.matchedRule()).isEqualTo("tmp-only");
    assertThat(allowed.reason()).isEqualTo("rule 'tmp-only' (test-policy.yaml:15:3) allows 'read_file'");
  }

  @Test
  void allowedActionsApplyToActionsWithoutRules() {
    Decision d = engine.evaluate("list_directory");
    assertThat(d.outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(d.source()).isEqualTo(DecisionSource.ALLOWED_LIST);
    assertThat(d.matchedRuleId()).isEmpty();
  }

  @Test
  void theDefaultAppliesLast() {
    Decision d = engine.evaluate("write_file");
    assertThat(d.outcome()).isEqualTo(Outcome.DENY);
    assertThat(d.source()).isEqualTo(DecisionSource.DEFAULT);
    assertThat(d.reason()).isEqualTo("the action is not named by policy 'order': default deny");
    assertThat(d.isDefaultAllow()).isFalse();
  }

  @Test
  void aDefaultOfEscalateEscalates() {
    PolicyEngine escalating = TestPolicy.named("esc").defaultDecision(Outcome.ESCALATE).engine();
    assertThat(escalating.evaluate("anything").outcome()).isEqualTo(Outcome.ESCALATE);
  }

  @Test
  void decisionsOfListsAndRulesArePrecomputedAndShared() {
    assertThat(engine.evaluate("rm_rf")).isSameAs(engine.evaluate("rm_rf"));
    assertThat(engine.evaluate("read_file", Map.of("path", "/tmp/a")))
        .isSameAs(engine.evaluate("read_file", Map.of("path", "/tmp/b")));
  }

  @Test
  void accessorsExposeThePolicyForTheIntentCompiler() {
    assertThat(engine.allowedActions()).containsExactly("read_file", "list_directory");
    assertThat(engine.forbiddenActions()).containsExactly("rm_rf");
    assertThat(engine.escalationActions()).containsExactly("send_email");
    assertThat(engine.ruleActions()).containsExactly("read_file", "send_email", "rm_rf");
    assertThat(engine.policy().name()).isEqualTo("order");
    assertThat(engine.warnings()).extracting(p -> p.message())
        .anySatisfy(m -> assertThat(m).contains("'read_file' is in allowed_actions but also has rules"))
        .anySatisfy(m -> assertThat(m).contains("rule 'email-rule' is never reached"))
        .anySatisfy(m -> assertThat(m).contains("rule 'rm-rule' is never reached"));
  }
}
