package io.ape.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.AuthorityToken;
import io.ape.api.Intent;
import io.ape.api.Labeled;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.PolicyDenyException;
import io.ape.api.Provenance;
import io.ape.api.TokenRevokedException;
import io.ape.core.authority.Action;
import io.ape.core.authority.AuthorityManager;
import io.ape.core.enforcement.EnforcementGate;
import io.ape.core.enforcement.ToolRegistry;
import io.ape.core.intent.IntentManager;
import io.ape.core.plan.PlanManager;
import io.ape.core.policy.PolicyEngine;
import io.ape.core.policy.PolicyUpdateEvent;
import io.ape.core.runtime.RuntimeOrchestrator;
import io.ape.core.runtime.RuntimeState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed's manual path with the real policy engine and the bundled read_only policy. */
class SeedManualPathWithPolicyEngineTest {

  private static Path policyFile(String name) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("policies").resolve(name);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("policies/" + name + " not found above the working directory");
  }

  @Test
  void readOnlyPolicyAllowsTheWorkspaceReadDeniesSecretsAndAReloadRevokes() {
    PolicyEngine policy = PolicyEngine.fromFile(policyFile("read_only.yaml"));
    ToolRegistry tools = new ToolRegistry();
    tools.register("read_file", p -> "contents of " + p.get("path"), false);

    RuntimeOrchestrator runtime = new RuntimeOrchestrator();
    IntentManager intentManager = new IntentManager(runtime);
    PlanManager planManager = new PlanManager(intentManager, policy);
    AuthorityManager authority = new AuthorityManager(runtime, planManager, policy);
    EnforcementGate enforcement = new EnforcementGate(authority, tools);
    policy.addUpdateListener(event -> {
      if (event.kind() == PolicyUpdateEvent.Kind.RELOADED) {
        authority.onPolicyReloaded();
      }
    });

    Plan plan = Plan.of(List.of(PlanStep.of("read_file", Map.of("path", "/workspace/config.json")),
        PlanStep.of("read_file", Map.of("path", "/workspace/.env")),
        PlanStep.of("read_file", Map.of("path", "/workspace/notes.md"))));
    String intentVersion = intentManager.set(Intent.of(List.of("read_file"), "execution"),
        Provenance.USER_TRUSTED);
    runtime.transition(RuntimeState.INTENT_SET);
    String planHash = planManager.submit(plan, Provenance.USER_TRUSTED);
    planManager.approve(Provenance.USER_TRUSTED);
    runtime.transition(RuntimeState.PLAN_APPROVED);
    runtime.transition(RuntimeState.EXECUTING);

    Action first = new Action("read_file", "read_file", Map.of("path", "/workspace/config.json"),
        intentVersion, planHash, 0);
    Labeled<Object> result = enforcement.execute(authority.issue(intentVersion, planHash, first), first);
    assertThat(result.value()).isEqualTo("contents of /workspace/config.json");

    Action secret = authority.actionForStep(1);
    assertThatThrownBy(() -> authority.issue(secret)).isInstanceOf(PolicyDenyException.class)
        .satisfies(e -> assertThat(((PolicyDenyException) e).decision().policyVersion())
            .isEqualTo(policy.policyVersion()));
    assertThat(authority.nextStep()).isEqualTo(1); // the denied step blocks the rest of the plan

    // a reload to another policy revokes what is outstanding
    PolicyEngine other = PolicyEngine.fromFile(policyFile("minimal_safe.yaml"));
    runtime.terminate();
    RuntimeOrchestrator run2 = new RuntimeOrchestrator();
    IntentManager intents2 = new IntentManager(run2);
    PlanManager plans2 = new PlanManager(intents2, policy);
    AuthorityManager authority2 = new AuthorityManager(run2, plans2, policy);
    intents2.set(Intent.of(List.of("read_file"), "execution"), Provenance.USER_TRUSTED);
    run2.transition(RuntimeState.INTENT_SET);
    plans2.submit(Plan.of(List.of(PlanStep.of("read_file", Map.of("path", "/workspace/a.txt")))),
        Provenance.USER_TRUSTED);
    plans2.approve(Provenance.USER_TRUSTED);
    run2.transition(RuntimeState.PLAN_APPROVED);
    run2.transition(RuntimeState.EXECUTING);
    AuthorityToken token = authority2.issue(authority2.actionForStep(0));
    policy.reload(other.policy());
    assertThatThrownBy(() -> new EnforcementGate(authority2, tools).execute(token))
        .isInstanceOf(TokenRevokedException.class);
  }
}
