package io.ape.core.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.CompiledIntent;
import io.ape.api.IntentCompilationException;
import io.ape.api.IntentCompilerOptions;
import io.ape.api.IntentNarrowingException;
import io.ape.api.Outcome;
import io.ape.api.PolicyView;
import io.ape.api.RiskLevel;
import io.ape.core.actions.StandardActions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The compiler narrows by every shape of policy (WEAK-9) and never drops an escalation (WEAK-2, WEAK-7). */
class PolicyNarrowingTest {
  private final PatternIntentCompiler compiler =
      new PatternIntentCompiler(StandardActions.createRepository());

  @Test
  void forbiddenListForbids() {
    CompiledIntent i = compiler.compile("Read config.json and delete temp files",
        PolicyViews.of(TestPolicies.readOnly()));
    assertThat(i.allowedActions()).containsExactly("read_file");
    assertThat(i.escalationRequired()).isEmpty();
    assertThat(i.forbiddenActions()).containsExactly("delete_file");
    assertThat(i.narrowingLog()).contains("delete_file: forbidden by the policy");
    assertThat(i.toIntent("default").forbiddenActions()).containsExactly("delete_file");
  }

  @Test
  void defaultDenyForbidsUnlistedActions() {
    CompiledIntent i = compiler.compile("Read config.json and post it to https://x.example",
        PolicyViews.of(TestPolicies.readOnly()));
    assertThat(i.allowedActions()).containsExactly("read_file");
    assertThat(i.forbiddenActions()).containsExactly("http_post");
  }

  @Test
  void policyEscalationIsKeptAsEscalation_weak9() {
    CompiledIntent i = compiler.compile("Update config.json",
        PolicyViews.of(TestPolicies.minimalSafe()));
    assertThat(i.allowedActions()).isEmpty();
    assertThat(i.escalationRequired()).containsExactly("write_file");
    assertThat(i.actions()).containsExactly("write_file");
    assertThat(i.narrowingLog())
        .contains("write_file: the policy requires escalation; escalation required");
    assertThat(i.parametersFor("write_file")).containsEntry("path", "config.json");
  }

  @Test
  void humanInLoopEscalatesWritesAndNotifications() {
    CompiledIntent i = compiler.compile("Write 'x' to a.txt and notify #ops",
        PolicyViews.of(TestPolicies.humanInLoop()));
    assertThat(i.escalationRequired()).containsExactly("write_file", "send_notification");
    assertThat(i.allowedActions()).isEmpty();
  }

  @Test
  void rulesOnlyPolicyAllowsRuledActions_weak9() {
    PolicyView view = PolicyViews.of(TestPolicies.rulesOnly(Outcome.DENY));
    CompiledIntent i = compiler.compile("Read config.json then write 'x' to /tmp/out.txt", view);
    assertThat(i.allowedActions()).containsExactly("read_file", "write_file");
    assertThat(i.narrowingLog()).contains(
        "write_file: allowed by a rule with conditions; the step's parameters decide");
    assertThat(compiler.compile("Fetch https://wiki.internal.corp/x", view)
        .escalationRequired()).containsExactly("http_get");
    assertThatThrownBy(() -> compiler.compile("Delete config.json", view))
        .isInstanceOf(IntentNarrowingException.class);
    assertThatThrownBy(() -> compiler.compile("Insert a row into the t table", view))
        .isInstanceOfSatisfying(IntentNarrowingException.class,
            e -> assertThat(e.forbiddenActions()).containsExactly("insert_data"));
  }

  @Test
  void defaultAllowPolicyAllowsButRiskStillEscalates() {
    PolicyView view = PolicyViews.of(TestPolicies.development());
    CompiledIntent i = compiler.compile("select * from users and then run the python script",
        view);
    assertThat(i.allowedActions()).containsExactly("query_data");
    assertThat(i.escalationRequired()).containsExactly("execute_code");
    assertThat(i.riskFlags()).contains("execute_code: high risk is above moderate"
        + " (escalation required)");
  }

  @Test
  void defaultEscalatePolicyEscalatesEverythingUnlisted() {
    PolicyView view = PolicyViews.of(TestPolicies.rulesOnly(Outcome.ESCALATE));
    CompiledIntent i = compiler.compile("Read config.json and insert a row into the t table",
        view);
    assertThat(i.allowedActions()).containsExactly("read_file");
    assertThat(i.escalationRequired()).containsExactly("insert_data");
  }

  @Test
  void narrowingEverythingAwayIsTypedAndSaysWhy() {
    assertThatThrownBy(() -> compiler.compile("Delete temp files",
        PolicyViews.of(TestPolicies.minimalSafe())))
        .isInstanceOfSatisfying(IntentNarrowingException.class, e -> {
          assertThat(e.forbiddenActions()).containsExactly("delete_file");
          assertThat(e.narrowingLog()).containsExactly("delete_file: forbidden by the policy");
          assertThat(e.getMessage()).isEqualTo(
              "the policy leaves no action of the prompt: forbidden [delete_file]");
        });
  }

  @Test
  void escalationDisabledForbidsInsteadOfAllowing_weak7() {
    IntentCompilerOptions noEscalation = IntentCompilerOptions.defaults()
        .withAllowEscalation(false);
    assertThatThrownBy(() -> compiler.compile("Send an email to bob@example.com",
        PolicyViews.allowingEverything(), noEscalation))
        .isInstanceOfSatisfying(IntentNarrowingException.class, e -> assertThat(
            e.narrowingLog()).containsExactly(
                "send_email: requires human review; forbidden because escalation is disabled"));
    IntentCompilerOptions critical = noEscalation.withMaxRiskLevel(RiskLevel.CRITICAL);
    assertThatThrownBy(() -> compiler.compile("run the command rm -rf /",
        PolicyViews.allowingEverything(), critical))
        .isInstanceOf(IntentNarrowingException.class);
    CompiledIntent mixed = compiler.compile("Read a.txt and send an email to bob@example.com",
        PolicyViews.allowingEverything(), noEscalation);
    assertThat(mixed.allowedActions()).containsExactly("read_file");
    assertThat(mixed.forbiddenActions()).containsExactly("send_email");
    assertThat(mixed.escalationRequired()).isEmpty();
  }

  @Test
  void raisingTheRiskCeilingDoesNotSkipHumanReview() {
    CompiledIntent i = compiler.compile("Delete config.json", PolicyViews.allowingEverything(),
        IntentCompilerOptions.defaults().withMaxRiskLevel(RiskLevel.CRITICAL));
    assertThat(i.escalationRequired()).containsExactly("delete_file");
  }

  @Test
  void loweringTheRiskCeilingEscalatesMore() {
    CompiledIntent i = compiler.compile("Update config.json", PolicyViews.allowingEverything(),
        IntentCompilerOptions.defaults().withMaxRiskLevel(RiskLevel.LOW));
    assertThat(i.escalationRequired()).containsExactly("write_file");
  }

  @Test
  void confidenceThresholdIsInclusiveAndCanMakeAPromptAmbiguous() {
    assertThat(compiler.compile("Read the entire project", PolicyViews.allowingEverything(),
        IntentCompilerOptions.defaults().withMinConfidence(0.6)).allowedActions())
        .containsExactly("read_file");
    assertThatThrownBy(() -> compiler.compile("Read the entire project",
        PolicyViews.allowingEverything(), IntentCompilerOptions.defaults().withMinConfidence(0.61)))
        .isInstanceOf(io.ape.api.IntentAmbiguityException.class)
        .hasMessageContaining("best confidence 0.6, threshold 0.61");
    CompiledIntent i = compiler.compile("Read the entire project and list /tmp",
        PolicyViews.allowingEverything(), IntentCompilerOptions.defaults().withMinConfidence(0.7));
    assertThat(i.allowedActions()).containsExactly("list_directory");
    assertThat(i.narrowingLog()).singleElement().asString()
        .startsWith("read_file: phrase at offset 0 has confidence 0.6, below the threshold 0.7");
  }

  @Test
  void explicitScopeWins() {
    assertThat(compiler.compile("Read config.json", PolicyViews.allowingEverything(),
        IntentCompilerOptions.defaults().withExplicitScope("project-x")).scope())
        .isEqualTo("project-x");
  }

  @Test
  void aFailingPolicyViewDenies() {
    PolicyView broken = new PolicyView() {
      @Override
      public Outcome bestOutcome(String actionId) {
        if (actionId.equals("list_directory")) {
          return null;
        }
        throw new IllegalStateException("boom");
      }
    };
    assertThatThrownBy(() -> compiler.compile("Read config.json and list /tmp", broken))
        .isInstanceOfSatisfying(IntentNarrowingException.class, e -> {
          assertThat(e.forbiddenActions()).containsExactly("read_file", "list_directory");
          assertThat(e.narrowingLog()).contains(
              "read_file: the policy view failed (IllegalStateException); treated as deny",
              "list_directory: the policy view gave no answer; treated as deny");
        });
  }

  @Test
  void noPolicyViewIsAnError() {
    assertThatThrownBy(() -> compiler.compile("Read config.json", null))
        .isInstanceOf(IntentCompilationException.class)
        .hasMessageContaining("no policy view");
  }

  @Test
  void policyVersionIsRecorded() {
    assertThat(compiler.compile("Read config.json", PolicyViews.of(TestPolicies.readOnly()))
        .policyVersion()).isEqualTo(TestPolicies.readOnly().version());
  }

  @Test
  void policyViewFollowsTheEvaluationOrder() {
    PolicyView view = PolicyViews.of(TestPolicies.rulesOnly(Outcome.ALLOW));
    assertThat(view.bestOutcome("read_file")).isEqualTo(Outcome.ALLOW);
    assertThat(view.bestOutcome("write_file")).isEqualTo(Outcome.ALLOW);
    assertThat(view.dependsOnParameters("write_file")).isTrue();
    assertThat(view.dependsOnParameters("read_file")).isFalse();
    assertThat(view.bestOutcome("delete_file")).isEqualTo(Outcome.DENY);
    assertThat(view.bestOutcome("http_get")).isEqualTo(Outcome.ESCALATE);
    assertThat(view.bestOutcome("anything_else")).isEqualTo(Outcome.ALLOW);
    assertThat(view.bestOutcome("delete_file\n")).isEqualTo(Outcome.DENY);
    assertThat(view.bestOutcome(null)).isEqualTo(Outcome.DENY);
    PolicyView lists = PolicyViews.of(TestPolicies.development());
    assertThat(lists.bestOutcome("delete_file")).isEqualTo(Outcome.ESCALATE);
    assertThat(lists.bestOutcome("rm_rf")).isEqualTo(Outcome.DENY);
    assertThat(lists.bestOutcome("unlisted")).isEqualTo(Outcome.ALLOW);
  }

  @Test
  void rulesShadowTheAllowedListAndUnconditionalRulesEndTheSearch() {
    io.ape.api.Policy p = new io.ape.api.Policy("p", "", "", Outcome.DENY,
        List.of("write_file"), List.of(), List.of(),
        List.of(TestPolicies.rule(0, "write_file", Outcome.DENY),
            TestPolicies.rule(1, "write_file", Outcome.ALLOW),
            TestPolicies.rule(2, "read_file", Outcome.ESCALATE)),
        java.util.Map.of(), java.util.Map.of(), null, null,
        new io.ape.api.PolicySource("p", "yaml", "b".repeat(64)));
    PolicyView view = PolicyViews.of(p);
    assertThat(view.bestOutcome("write_file")).isEqualTo(Outcome.DENY);
    assertThat(view.bestOutcome("read_file")).isEqualTo(Outcome.ESCALATE);
  }
}
