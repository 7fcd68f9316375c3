package io.ape.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.AuditEventType;
import io.ape.api.AuthorityToken;
import io.ape.api.Intent;
import io.ape.api.Labeled;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.PolicyDecisionPoint;
import io.ape.api.PolicyDenyException;
import io.ape.api.Provenance;
import io.ape.api.RuntimeStateException;
import io.ape.core.audit.InMemoryAuditSink;
import io.ape.core.authority.Action;
import io.ape.core.authority.AuthorityManager;
import io.ape.core.enforcement.EnforcementGate;
import io.ape.core.enforcement.ToolRegistry;
import io.ape.core.intent.IntentManager;
import io.ape.core.plan.PlanManager;
import io.ape.core.runtime.RuntimeOrchestrator;
import io.ape.core.runtime.RuntimeState;
import io.ape.core.testing.FakeDecisionPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's "Manual (full control)" snippet, in Java, with the seed's names. The policy engine
 * is represented by a {@link PolicyDecisionPoint} with the rules of {@code read_only.yaml}.
 */
class SeedManualPathTest {

  @Test
  void theSeedsManualPathRunsInJava() {
    // 1. Setup components (policy: read_only.yaml - read_file and list_directory allowed)
    PolicyDecisionPoint policy = new FakeDecisionPoint().allow("read_file", "list_directory")
        .deny("write_file", "delete_file");
    ToolRegistry tools = new ToolRegistry();
    tools.register("read_file", parameters -> "contents of " + parameters.get("path"), false);

    // 2./3. Intent and plan (from the compiler and generator in the full pipeline)
    Intent intent = Intent.of(List.of("read_file"), "execution");
    Plan plan = Plan.of(List.of(PlanStep.of("read_file", Map.of("path", "config.json"))));

    // 4. Setup APE runtime
    RuntimeOrchestrator runtime = new RuntimeOrchestrator();
    IntentManager intentManager = new IntentManager(runtime);
    PlanManager planManager = new PlanManager(intentManager, policy);
    AuthorityManager authority = new AuthorityManager(runtime, planManager, policy);
    EnforcementGate enforcement = new EnforcementGate(authority, tools);

    // 5. Execute through APE
    String intentVersion = intentManager.set(intent, Provenance.USER_TRUSTED);
    runtime.transition(RuntimeState.INTENT_SET);
    String planHash = planManager.submit(plan, Provenance.USER_TRUSTED);
    planManager.approve(Provenance.USER_TRUSTED);
    runtime.transition(RuntimeState.PLAN_APPROVED);
    runtime.transition(RuntimeState.EXECUTING);

    List<Labeled<Object>> results = new ArrayList<>();
    for (int idx = 0; idx < plan.steps().size(); idx++) {
      PlanStep step = plan.steps().get(idx);
      Action action = new Action(step.actionId(), step.toolId(), step.parameters(), intentVersion,
          planHash, idx);
      AuthorityToken token = authority.issue(intentVersion, planHash, action);
      results.add(enforcement.execute(token, action));
    }
    runtime.transition(RuntimeState.TERMINATED);

    assertThat(intentVersion).isEqualTo("835e4a9a647dd0b17914aeb2f427fdcb66efd716e1f7ce03edc9f6cbf86829d1");
    assertThat(planHash).isEqualTo("5943a5ebb2c99478092d9a3aa256daf4efe316d6fad40bc76dfa3186e681962e");
    assertThat(results).extracting(Labeled::value).containsExactly("contents of config.json");
    assertThat(results).extracting(Labeled::provenance).containsExactly(Provenance.EXTERNAL_UNTRUSTED);
    InMemoryAuditSink sink = (InMemoryAuditSink) runtime.audit().sinks().get(0);
    assertThat(sink.events()).extracting(e -> e.type()).containsSubsequence(
        AuditEventType.INTENT_SET, AuditEventType.PLAN_SUBMITTED, AuditEventType.PLAN_APPROVED,
        AuditEventType.DECISION, AuditEventType.TOKEN_ISSUED, AuditEventType.TOKEN_CONSUMED,
        AuditEventType.TOOL_EXECUTION_STARTED, AuditEventType.TOOL_EXECUTION_FINISHED);
    assertThat(sink.events(AuditEventType.STATE_TRANSITION)).hasSize(4);
    assertThatThrownBy(() -> runtime.transition(RuntimeState.EXECUTING)).isInstanceOf(RuntimeStateException.class);
  }

  @Test
  void aDeniedActionInTheSamePathThrowsThePolicyDenyError() {
    PolicyDecisionPoint policy = new FakeDecisionPoint().allow("read_file").deny("write_file");
    RuntimeOrchestrator runtime = new RuntimeOrchestrator();
    IntentManager intentManager = new IntentManager(runtime);
    PlanManager planManager = new PlanManager(intentManager, policy);
    AuthorityManager authority = new AuthorityManager(runtime, planManager, policy);
    Plan plan = Plan.of(List.of(PlanStep.of("write_file", Map.of("path", "/tmp/x"))));
    String intentVersion = intentManager.set(Intent.of(List.of("write_file"), "x"), Provenance.USER_TRUSTED);
    runtime.transition(RuntimeState.INTENT_SET);
    String planHash = planManager.submit(plan, Provenance.USER_TRUSTED);
    planManager.approve(Provenance.USER_TRUSTED);
    runtime.transition(RuntimeState.PLAN_APPROVED);
    runtime.transition(RuntimeState.EXECUTING);
    Action action = new Action("write_file", "write_file", Map.of("path", "/tmp/x"), intentVersion, planHash, 0);
    assertThatThrownBy(() -> authority.issue(intentVersion, planHash, action))
        .isInstanceOf(PolicyDenyException.class)
        .satisfies(e -> assertThat(((PolicyDenyException) e).actionId()).isEqualTo("write_file"));
  }
}
