package io.ape.core.attacks;

import static io.ape.core.testing.Fixture.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ApeException;
import io.ape.api.AuditEventType;
import io.ape.api.AuthorityToken;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.EscalationRequest;
import io.ape.api.EscalationResolution;
import io.ape.api.Intent;
import io.ape.api.Outcome;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.Policy;
import io.ape.api.Provenance;
import io.ape.api.TokenBinding;
import io.ape.api.TokenRevokedException;
import io.ape.core.audit.AuditLog;
import io.ape.core.audit.InMemoryAuditSink;
import io.ape.core.authority.AuthorityManager;
import io.ape.core.canonical.ApeHashes;
import io.ape.core.canonical.Sha256;
import io.ape.core.enforcement.EnforcementGate;
import io.ape.core.enforcement.ToolRegistry;
import io.ape.core.escalation.EscalationDenial;
import io.ape.core.escalation.EscalationHandler;
import io.ape.core.escalation.EscalationOutcome;
import io.ape.core.intent.IntentManager;
import io.ape.core.plan.PlanManager;
import io.ape.core.policy.PolicyEngine;
import io.ape.core.runtime.RuntimeOrchestrator;
import io.ape.core.runtime.RuntimeState;
import io.ape.core.testing.Fixture;
import io.ape.core.testing.Fixture.Run;
import io.ape.core.testing.RecordingTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * One property per class of the four lifecycle holes of issue 11: (a) approvals cannot be
 * replayed for another request, (b) no sequence of reloads revives a token, (c) nothing but the
 * gate running the tool finishes a step, (d) a token shown to any other run stays its owner's.
 */
class LifecycleHolesPropertiesTest {
  static Policy policyA;
  static Policy policyB;
  static Path dir;

  @BeforeContainer
  static void loadPolicies() throws IOException {
    dir = Files.createTempDirectory("ape-holes");
    Path a = dir.resolve("a.yaml");
    Files.writeString(a, LifecycleHolesTest.POLICY_A);
    Path b = dir.resolve("b.yaml");
    Files.writeString(b, LifecycleHolesTest.POLICY_B);
    try (PolicyEngine ea = PolicyEngine.fromFile(a); PolicyEngine eb = PolicyEngine.fromFile(b)) {
      policyA = ea.policy();
      policyB = eb.policy();
    }
  }

  @AfterContainer
  static void cleanUp() throws IOException {
    for (String f : List.of("a.yaml", "b.yaml")) {
      Files.deleteIfExists(dir.resolve(f));
    }
    Files.deleteIfExists(dir);
  }

  // ------------------------------------------------------------------------------------ (a)

  /** One escalation request: an action at a step, with some parameters. */
  record Req(String action, int step, Map<String, Object> parameters) {}

  @Provide
  Arbitrary<Req> requests() {
    return Combinators.combine(Arbitraries.of("refund", "wire_transfer", "deploy", "delete_user"),
        Arbitraries.integers().between(0, 4),
        Arbitraries.maps(Arbitraries.of("amount", "to", "env"),
            Arbitraries.strings().alpha().ofMaxLength(4).map(v -> (Object) v)).ofMaxSize(2))
        .as(Req::new);
  }

  private static EscalationRequest escalation(Req r, String id) {
    String version = Sha256.hex("policy");
    return new EscalationRequest(id, new Decision(Outcome.ESCALATE, r.action(), "needs approval",
        "rule", List.of(), version, DecisionSource.RULE),
        new TokenBinding("t", "s", Sha256.hex("i"), Sha256.hex("p"), r.step(), r.action(),
            r.action(), ApeHashes.parametersHash(r.parameters())), r.parameters(), Instant.EPOCH);
  }

  /**
   * For any two requests — whatever their actions, steps and parameters, even equal ones — an
   * approval given for the first is never accepted for the second: approvals are bound to the
   * request they answer.
   */
  @Property(tries = 500)
  void anApprovalOfOneRequestNeverAdmitsAnother(@ForAll("requests") Req first,
      @ForAll("requests") Req second) {
    EscalationRequest approved = escalation(first, "esc-first");
    EscalationResolution approval = EscalationResolution.approve(approved, "manager",
        Provenance.USER_TRUSTED);
    EscalationRequest other = escalation(second.parameters().equals(first.parameters())
        ? second : new Req(second.action(), second.step(), first.parameters()), "esc-second");
    try (EscalationHandler replaying = new EscalationHandler(request -> approval,
        Duration.ofSeconds(5))) {
      EscalationOutcome outcome = replaying.resolve(other);
      assertThat(outcome.approved()).isFalse();
      assertThat(outcome.denial()).isIn(EscalationDenial.REQUEST_MISMATCH,
          EscalationDenial.PARAMETERS_MISMATCH);
      // the approval still answers its own request
      assertThat(replaying.resolve(approved).approved()).isTrue();
    }
  }

  // ------------------------------------------------------------------------------------ (b)

  /**
   * For any sequence of reloads — to another policy, back to the same one, the very same policy
   * object again — a token issued before them is refused at the gate as soon as there was one
   * reload, and runs when there was none.
   */
  @Property(tries = 200)
  void aTokenIssuedUnderOneGenerationIsRefusedAfterAnyReload(
      @ForAll @Size(max = 5) List<@IntRange(min = 0, max = 1) Integer> reloads) {
    RecordingTool read = new RecordingTool(p -> "ok");
    try (PolicyEngine policy = PolicyEngine.of(policyA)) {
      AuditLog audit = AuditLog.builder().sink(new InMemoryAuditSink()).build();
      RuntimeOrchestrator runtime = RuntimeOrchestrator.builder().audit(audit).build();
      IntentManager intents = new IntentManager(runtime);
      PlanManager plans = new PlanManager(intents, policy);
      AuthorityManager authority = new AuthorityManager(runtime, plans, policy);
      ToolRegistry tools = new ToolRegistry();
      tools.register("read_file", read, false);
      EnforcementGate gate = new EnforcementGate(authority, tools);
      intents.set(Intent.of(List.of("read_file"), "test"), Provenance.USER_TRUSTED);
      runtime.transition(RuntimeState.INTENT_SET);
      plans.submit(Plan.of(List.of(PlanStep.of("read_file", Map.of("path", "x")))),
          Provenance.USER_TRUSTED);
      plans.approve(Provenance.USER_TRUSTED);
      runtime.transition(RuntimeState.PLAN_APPROVED);
      runtime.transition(RuntimeState.EXECUTING);
      AuthorityToken token = authority.issue(authority.actionForStep(0));
      for (int r : reloads) {
        policy.reload(r == 1 ? policyB : policyA);
      }
      if (!reloads.isEmpty() && reloads.get(reloads.size() - 1) == 1) {
        policy.reload(policyA); // end with A in force, as when the token was issued
      }
      if (reloads.isEmpty()) {
        assertThat(gate.execute(token).value()).isEqualTo("ok");
      } else {
        assertThat(policy.policyVersion()).isEqualTo(policyA.version());
        assertThatThrownBy(() -> gate.execute(token)).isInstanceOf(TokenRevokedException.class);
        assertThat(read.count()).isZero();
      }
    }
  }

  // ------------------------------------------------------------------------------------ (c)

  /**
   * For any sequence of public operations by code that holds the run's authority manager and
   * its tokens but is not its gate — issuing, revoking, asking for the gate's key, presenting
   * the token to another run's gate, reloading — the next step is never authorised and no tool
   * runs: only the gate running the step's tool finishes it.
   */
  @Property(tries = 300)
  void nothingButTheGateRunningTheToolFinishesAStep(
      @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 4) Integer> operations) {
    Fixture f = new Fixture();
    RecordingTool read = new RecordingTool(p -> "ok");
    f.tools.register("read_file", read, false);
    f.policy.allow("read_file");
    Run r = f.run();
    r.executing(r.intent("read_file"), r.plan(step("read_file", Map.of("path", "one")),
        step("read_file", Map.of("path", "two"))));
    Run other = f.run();
    other.executing(other.intent("read_file"), other.plan(step("read_file", Map.of("path", "one")),
        step("read_file", Map.of("path", "two"))));
    AuthorityToken token = null;
    for (int op : operations) {
      try {
        switch (op) {
          case 0 -> token = r.issue(0);
          case 1 -> {
            if (token != null) {
              r.authority.revoke(token, "test");
            }
          }
          case 2 -> r.authority.bindGate();
          case 3 -> other.gate.execute(token);
          default -> r.authority.onPolicyReloaded();
        }
      } catch (ApeException | IllegalStateException expected) {
        // refused: fine
      }
    }
    assertThatThrownBy(() -> r.issue(1)).isInstanceOf(ApeException.class);
    assertThat(read.count()).isZero();
    assertThat(f.events(AuditEventType.TOOL_EXECUTION_STARTED)).isEmpty();
  }

  // ------------------------------------------------------------------------------------ (d)

  /** Who else is shown the token: another tenant or session, another plan, an action with it. */
  record OtherRun(boolean otherTenant, boolean otherSession, boolean otherPlan,
      boolean withAction) {}

  @Provide
  Arbitrary<OtherRun> otherRuns() {
    return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false),
        Arbitraries.of(true, false), Arbitraries.of(true, false)).as(OtherRun::new);
  }

  /**
   * For any other run — same or other tenant, session and plan, with or without an action — a
   * token shown to it is refused, nothing runs, and its owner can still use it exactly once.
   */
  @Property(tries = 200)
  void aTokenShownToAnyOtherRunStaysItsOwners(@ForAll("otherRuns") OtherRun o,
      @ForAll @IntRange(min = 1, max = 3) int attempts) {
    Fixture f = new Fixture();
    RecordingTool read = new RecordingTool(p -> "ok " + p.get("path"));
    f.tools.register("read_file", read, false);
    f.policy.allow("read_file");
    Run owner = f.run("default", "s1");
    Run other = f.run(o.otherTenant() ? "acme" : "default", o.otherSession() ? "s2" : "s1");
    owner.executing(owner.intent("read_file"), owner.plan(step("read_file",
        Map.of("path", "config.json"))));
    other.executing(other.intent("read_file"), other.plan(step("read_file",
        Map.of("path", o.otherPlan() ? "other.json" : "config.json"))));
    AuthorityToken token = owner.issue(0);
    for (int i = 0; i < attempts; i++) {
      assertThatThrownBy(() -> {
        if (o.withAction()) {
          other.gate.execute(token, other.step(0));
        } else {
          other.gate.execute(token);
        }
      }).isInstanceOf(ApeException.class);
    }
    assertThat(read.count()).isZero();
    assertThat(f.issuer.isOutstanding(token)).isTrue();
    assertThat(owner.gate.execute(token).value()).isEqualTo("ok config.json");
    assertThatThrownBy(() -> owner.gate.execute(token)).isInstanceOf(ApeException.class);
    assertThat(read.count()).isEqualTo(1);
  }
}
