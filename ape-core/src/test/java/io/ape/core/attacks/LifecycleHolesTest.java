package io.ape.core.attacks;

import static io.ape.core.testing.Fixture.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.AuditEventType;
import io.ape.api.AuthorityToken;
import io.ape.api.CallStatus;
import io.ape.api.EscalationResolution;
import io.ape.api.GuardedCallResult;
import io.ape.api.Intent;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.Provenance;
import io.ape.api.RiskLevel;
import io.ape.api.TokenRevokedException;
import io.ape.api.UnauthorizedActionException;
import io.ape.core.audit.AuditLog;
import io.ape.core.audit.InMemoryAuditSink;
import io.ape.core.authority.AuthorityManager;
import io.ape.core.enforcement.EnforcementGate;
import io.ape.core.enforcement.ToolRegistry;
import io.ape.core.intent.IntentManager;
import io.ape.core.plan.PlanManager;
import io.ape.core.policy.PolicyEngine;
import io.ape.core.runtime.RuntimeOrchestrator;
import io.ape.core.runtime.RuntimeState;
import io.ape.core.testing.Fixture;
import io.ape.core.testing.Fixture.Run;
import io.ape.core.testing.RecordingTool;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import io.ape.engine.ToolRegistration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four lifecycle holes of issue 11, each attacked through the public API as an outsider
 * would: (a) an approval replayed for another action, (b) a policy reloaded away and back, (c) a
 * step reported finished without its tool, (d) a token shown to the wrong run.
 */
class LifecycleHolesTest {
  static final String POLICY_A = """
      name: holes
      version: "1"
      default_decision: deny
      allowed_actions: [read_file]
      escalation_required: [refund, wire_transfer]
      """;
  static final String POLICY_B = """
      name: holes
      version: "2"
      default_decision: deny
      allowed_actions: [list_directory]
      """;

  @TempDir
  Path dir;
  final Fixture f = new Fixture();
  final RecordingTool readFile = new RecordingTool(p -> "contents of " + p.get("path"));

  LifecycleHolesTest() {
    f.tools.register("read_file", readFile, false);
    f.policy.allow("read_file");
  }

  Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  // ------------------------------------------------------------------------------------ (a)

  @Test
  void anApprovalGivenForOneActionIsNotAcceptedForAnotherActionWithTheSameParameters()
      throws IOException {
    // a resolver that remembers the first approval it gave and hands it out again
    AtomicReference<EscalationResolution> remembered = new AtomicReference<>();
    try (ApeEngine engine = ApeEngine.builder().policyFile(write("a.yaml", POLICY_A))
        .escalationResolver(request -> remembered.updateAndGet(r -> r != null ? r
            : EscalationResolution.approve(request, "manager", Provenance.USER_TRUSTED)))
        .build()) {
      RecordingTool refund = new RecordingTool(p -> "refunded");
      RecordingTool wire = new RecordingTool(p -> "wired");
      engine.registerTool(ToolRegistration.of("refund", refund).withRisk(RiskLevel.MODERATE));
      engine.registerTool(ToolRegistration.of("wire_transfer", wire).withRisk(RiskLevel.MODERATE));
      AgentSession s = engine.openSession(SessionOptions.forUser("alice"));

      assertThat(s.call("refund", Map.of()).status()).isEqualTo(CallStatus.EXECUTED);
      // the approval of the refund, replayed for a wire transfer with the same (empty) parameters
      GuardedCallResult wired = s.call("wire_transfer", Map.of());
      assertThat(wired.status()).isEqualTo(CallStatus.ESCALATION_DENIED);
      assertThat(wire.count()).isZero();
      // ... and for a second refund: an approval is used once
      GuardedCallResult again = s.call("refund", Map.of());
      assertThat(again.status()).isEqualTo(CallStatus.ESCALATION_DENIED);
      assertThat(refund.count()).isEqualTo(1);
    }
  }

  // ------------------------------------------------------------------------------------ (b)

  @Test
  void aTokenIssuedUnderAPolicyIsRefusedAfterReloadingToAnotherPolicyAndBack() throws IOException {
    Path file = write("p.yaml", POLICY_A);
    try (PolicyEngine policy = PolicyEngine.fromFile(file)) {
      Manual m = new Manual(policy);
      m.executing(PlanStep.of("read_file", Map.of("path", "config.json")));
      AuthorityToken token = m.authority.issue(m.authority.actionForStep(0));

      Files.writeString(file, POLICY_B);
      policy.reload();
      Files.writeString(file, POLICY_A);
      policy.reload(); // the same policy, the same version digest, as when the token was issued

      assertThatThrownBy(() -> m.gate.execute(token, m.authority.actionForStep(0)))
          .isInstanceOf(TokenRevokedException.class);
      assertThat(readFile.count()).isZero();
    }
  }

  // ------------------------------------------------------------------------------------ (c)

  @Test
  void aStepReportedFinishedWithoutItsToolRunningThroughTheGateDoesNotUnlockTheNextStep() {
    Run r = f.run();
    r.executing(r.intent("read_file"), r.plan(step("read_file", Map.of("path", "one")),
        step("read_file", Map.of("path", "two"))));
    AuthorityToken first = r.issue(0);

    // An outsider holding the authority manager tries to report step 0 done without running its
    // tool. (Before the fix: authority.beginExecution(first, step 0).succeeded() did it, and step
    // 1 could be issued with no TOOL_EXECUTION event.) Only the run's gate holds the key that
    // begins and finishes a step, and a run has one gate:
    assertThatThrownBy(r.authority::bindGate).isInstanceOf(IllegalStateException.class);
    // another run's gate cannot run it either
    Run other = f.run();
    other.executing(other.intent("read_file"), other.plan(step("read_file", Map.of("path", "x"))));
    assertThatThrownBy(() -> other.gate.execute(first)).isInstanceOf(UnauthorizedActionException.class);
    assertThatThrownBy(() -> r.issue(1)).isInstanceOf(UnauthorizedActionException.class)
        .hasMessageContaining("before step 0 has finished");
    assertThat(readFile.count()).isZero();
    assertThat(f.events(AuditEventType.TOOL_EXECUTION_STARTED)).isEmpty();
    // the token was not used up: the gate runs step 0 with it, and only then is step 1 issued
    assertThat(r.gate.execute(first, r.step(0)).value()).isEqualTo("contents of one");
    assertThat(r.issue(1)).isNotNull();
    assertThat(f.events(AuditEventType.TOOL_EXECUTION_STARTED)).hasSize(1);
  }

  // ------------------------------------------------------------------------------------ (d)

  @Test
  void aTokenPresentedToTheWrongRunIsRefusedWithoutBeingUsedUp() {
    Run owner = f.run("default", "s1");
    Run other = f.run("default", "s1");
    Plan plan = owner.plan(step("read_file", Map.of("path", "config.json")));
    owner.executing(owner.intent("read_file"), plan);
    other.executing(other.intent("read_file"), plan);
    AuthorityToken token = owner.issue(0);

    assertThatThrownBy(() -> other.gate.execute(token)).isInstanceOf(UnauthorizedActionException.class);
    assertThat(readFile.count()).isZero();
    // its owner can still use it, once
    assertThat(owner.gate.execute(token).value()).isEqualTo("contents of config.json");
    assertThat(readFile.count()).isEqualTo(1);
  }

  /** The seed's manual path on a real policy engine. */
  final class Manual {
    final RuntimeOrchestrator runtime;
    final IntentManager intents;
    final PlanManager plans;
    final AuthorityManager authority;
    final EnforcementGate gate;

    Manual(PolicyEngine policy) {
      AuditLog audit = AuditLog.builder().sink(new InMemoryAuditSink()).build();
      runtime = RuntimeOrchestrator.builder().audit(audit).build();
      intents = new IntentManager(runtime);
      plans = new PlanManager(intents, policy);
      authority = new AuthorityManager(runtime, plans, policy);
      ToolRegistry tools = new ToolRegistry();
      tools.register("read_file", readFile, false);
      gate = new EnforcementGate(authority, tools);
    }

    void executing(PlanStep... steps) {
      intents.set(Intent.of(List.of("read_file"), "test"), Provenance.USER_TRUSTED);
      runtime.transition(RuntimeState.INTENT_SET);
      plans.submit(Plan.of(List.of(steps)), Provenance.USER_TRUSTED);
      plans.approve(Provenance.USER_TRUSTED);
      runtime.transition(RuntimeState.PLAN_APPROVED);
      runtime.transition(RuntimeState.EXECUTING);
    }
  }
}
