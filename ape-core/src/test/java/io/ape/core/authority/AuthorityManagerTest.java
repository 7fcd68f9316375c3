package io.ape.core.authority;

import static io.ape.core.testing.Fixture.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ActionRequest;
import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.AuthorityToken;
import io.ape.api.EscalationResolution;
import io.ape.api.Intent;
import io.ape.api.Outcome;
import io.ape.api.PolicyDenyException;
import io.ape.api.Provenance;
import io.ape.api.RuntimeStateException;
import io.ape.api.UnauthorizedActionException;
import io.ape.core.enforcement.EnforcementGate;
import io.ape.core.enforcement.EnforcementMode;
import io.ape.core.escalation.EscalationDenial;
import io.ape.core.escalation.EscalationDeniedException;
import io.ape.core.escalation.EscalationHandler;
import io.ape.core.runtime.RuntimeState;
import io.ape.core.testing.Fixture;
import io.ape.core.testing.Fixture.Run;
import io.ape.core.testing.RecordingTool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AuthorityManagerTest {
  private final Fixture f = new Fixture();
  private final RecordingTool tool = new RecordingTool();

  AuthorityManagerTest() {
    f.tools.register("read_file", tool, false);
    f.tools.register("deploy", tool, false);
    f.policy.allow("read_file").escalate("deploy");
  }

  private Run twoSteps() {
    Run r = f.run();
    return r.executing(r.intent("read_file"), r.plan(step("read_file", Map.of("path", "a")),
        step("read_file", Map.of("path", "b"))));
  }

  @Test
  void issuesInPlanOrderOneOutstandingTokenAtATime() {
    Run r = twoSteps();
    assertThat(r.authority.nextStep()).isZero();
    AuthorityToken t0 = r.issue(0);
    assertThatThrownBy(() -> r.issue(0)).isInstanceOf(UnauthorizedActionException.class)
        .hasMessageContaining("already outstanding");
    assertThatThrownBy(() -> r.issue(1)).isInstanceOf(UnauthorizedActionException.class);
    r.gate.execute(t0, r.step(0));
    assertThat(r.authority.nextStep()).isEqualTo(1);
    r.runStep(1);
    assertThat(r.authority.nextStep()).isEqualTo(2);
    assertThatThrownBy(() -> r.authority.actionForStep(2)).isInstanceOf(UnauthorizedActionException.class);
    assertThat(tool.calls()).containsExactly(Map.of("path", "a"), Map.of("path", "b"));
  }

  @Test
  void theTokenIsBoundToEveryFieldAndTheAuditShowsOnlyItsReference() {
    Run r = twoSteps();
    AuthorityToken t = r.issue(0);
    assertThat(t.binding().tenantId()).isEqualTo("default");
    assertThat(t.binding().sessionId()).isEqualTo("s1");
    assertThat(t.binding().intentVersion()).isEqualTo(r.intents.version().orElseThrow());
    assertThat(t.binding().planHash()).isEqualTo(r.plans.hash().orElseThrow());
    assertThat(t.binding().stepIndex()).isZero();
    assertThat(t.binding().actionId()).isEqualTo("read_file");
    assertThat(t.binding().toolId()).isEqualTo("read_file");
    assertThat(t.binding().parametersHash()).isEqualTo(r.step(0).parametersHash());
    assertThat(t.policyVersion()).isEqualTo(f.policy.policyVersion());
    AuditEvent issued = f.events(AuditEventType.TOKEN_ISSUED).get(0);
    assertThat(issued.tokenRef()).isEqualTo(t.reference());
    assertThat(issued.decision()).isEqualTo(Outcome.ALLOW);
    assertThat(f.events(AuditEventType.DECISION)).singleElement()
        .satisfies(e -> assertThat(e.parameters()).containsEntry("path", "a"));
    // the evaluation saw exactly the plan's parameters, with the plan's provenance
    ActionRequest seen = f.policy.requests().get(0);
    assertThat(seen.parameters()).isEqualTo(Map.of("path", "a"));
    assertThat(seen.context().parameterProvenance()).isEqualTo(Provenance.USER_TRUSTED);
    assertThat(seen.context().tenantId()).isEqualTo("default");
  }

  @Test
  void denyIsAuditedAndThrownAndIssuesNothing() {
    f.policy.deny("read_file");
    Run r = twoSteps();
    assertThatThrownBy(() -> r.issue(0)).isInstanceOf(PolicyDenyException.class);
    assertThat(f.issuer.outstanding()).isZero();
    assertThat(f.events(AuditEventType.DECISION)).singleElement()
        .satisfies(e -> assertThat(e.decision()).isEqualTo(Outcome.DENY));
  }

  @Test
  void aDecisionPointThatThrowsOrReturnsNullOrLiesDenies() {
    Run r = twoSteps();
    io.ape.api.PolicyDecisionPoint throwing = new io.ape.api.PolicyDecisionPoint() {
      @Override public io.ape.api.Decision evaluate(ActionRequest request) { throw new IllegalStateException("x"); }
      @Override public String policyVersion() { return f.policy.policyVersion(); }
      @Override public boolean isTransitionAllowed(String a, String b) { return true; }
    };
    AuthorityManager broken = AuthorityManager.builder(r.runtime, r.plans, throwing).issuer(f.issuer).build();
    assertThatThrownBy(() -> broken.issue(r.step(0))).isInstanceOf(PolicyDenyException.class)
        .hasMessageContaining("policy evaluation failed");
    io.ape.api.PolicyDecisionPoint nulls = new io.ape.api.PolicyDecisionPoint() {
      @Override public io.ape.api.Decision evaluate(ActionRequest request) { return null; }
      @Override public String policyVersion() { return null; }
      @Override public boolean isTransitionAllowed(String a, String b) { return true; }
    };
    assertThatThrownBy(() -> AuthorityManager.builder(r.runtime, r.plans, nulls).build().issue(r.step(0)))
        .isInstanceOf(PolicyDenyException.class).hasMessageContaining("no decision");
    io.ape.api.PolicyDecisionPoint lying = new io.ape.api.PolicyDecisionPoint() {
      @Override public io.ape.api.Decision evaluate(ActionRequest request) { return f.policy.evaluate(ActionRequest.of("read_file_other")); }
      @Override public String policyVersion() { return f.policy.policyVersion(); }
      @Override public boolean isTransitionAllowed(String a, String b) { return true; }
    };
    assertThatThrownBy(() -> AuthorityManager.builder(r.runtime, r.plans, lying).build().issue(r.step(0)))
        .isInstanceOf(PolicyDenyException.class).hasMessageContaining("another action");
  }

  @Test
  void noIssuanceOutsideExecuting() {
    Run r = twoSteps();
    r.runtime.transition(RuntimeState.ESCALATION_REQUIRED);
    assertThatThrownBy(() -> r.issue(0)).isInstanceOf(RuntimeStateException.class);
    r.runtime.transition(RuntimeState.EXECUTING);
    r.runtime.terminate();
    assertThatThrownBy(() -> r.issue(0)).isInstanceOf(RuntimeStateException.class);
    assertThat(f.events(AuditEventType.TOKEN_ISSUED)).isEmpty();
  }

  @Test
  void theSeedSignatureChecksTheVersionsAgainstTheAction() {
    Run r = twoSteps();
    Action a = r.step(0);
    assertThatThrownBy(() -> r.authority.issue(a.planHash(), a.intentVersion(), a))
        .isInstanceOf(UnauthorizedActionException.class);
    assertThat(r.authority.issue(a.intentVersion(), a.planHash(), a)).isNotNull();
    assertThatThrownBy(() -> r.authority.issue(null)).isInstanceOf(UnauthorizedActionException.class);
  }

  @Test
  void anActionThatIsNotThePlannedStepIsRefused() {
    Run r = twoSteps();
    Action other = new Action("read_file", "shell", Map.of("path", "a"), r.step(0).intentVersion(),
        r.step(0).planHash(), 0);
    assertThatThrownBy(() -> r.authority.issue(other)).isInstanceOf(UnauthorizedActionException.class)
        .hasMessageContaining("the step's tool is 'read_file'");
    Action beyond = new Action("read_file", "read_file", Map.of(), r.step(0).intentVersion(),
        r.step(0).planHash(), 7);
    assertThatThrownBy(() -> r.authority.issue(beyond)).isInstanceOf(UnauthorizedActionException.class)
        .hasMessageContaining("only 2 steps");
  }

  @Test
  void aFailedStepStaysUnfinishedAndMayBeRetriedWithANewToken() {
    RecordingTool flaky = new RecordingTool(p -> {
      throw new IllegalStateException("transient");
    });
    f.tools.register("flaky", flaky, false);
    f.policy.allow("flaky");
    Run r = f.run();
    r.executing(r.intent("flaky"), r.plan(step("flaky", Map.of())));
    AuthorityToken t = r.issue(0);
    assertThatThrownBy(() -> r.gate.execute(t)).isInstanceOf(io.ape.api.ToolExecutionException.class);
    assertThat(f.issuer.stateOf(t)).isEqualTo(TokenState.CONSUMED);
    assertThat(r.authority.nextStep()).isZero();
    assertThat(r.issue(0)).isNotSameAs(t);
  }

  @Test
  void escalationApprovedResumesExecutingAndIssues() {
    try (EscalationHandler approve = new EscalationHandler(req -> EscalationResolution.approve(req,
        "alice", Provenance.USER_TRUSTED), Duration.ofSeconds(5))) {
      Run r = f.run("default", "s1", approve, EnforcementMode.ENFORCE);
      r.executing(r.intent("deploy"), r.plan(step("deploy", Map.of("env", "prod"))));
      AuthorityToken t = r.issue(0);
      assertThat(r.runtime.state()).isEqualTo(RuntimeState.EXECUTING);
      assertThat(r.runtime.history()).extracting(h -> h.to()).containsSubsequence(
          RuntimeState.ESCALATION_REQUIRED, RuntimeState.EXECUTING);
      assertThat(f.events(AuditEventType.ESCALATION_RESOLVED)).singleElement()
          .satisfies(e -> assertThat(e.details()).containsEntry("approver", "alice")
              .containsEntry("outcome", "APPROVED"));
      assertThat(f.events(AuditEventType.DECISION)).extracting(e -> e.details().get("stage"))
          .containsExactly("issuance", "re-evaluation after approval");
      r.gate.execute(t);
      assertThat(tool.calls()).containsExactly(Map.of("env", "prod"));
    }
  }

  @Test
  void escalationWhilePendingFreezesIssuance() throws Exception {
    CountDownLatch asked = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    try (EscalationHandler slow = new EscalationHandler(req -> {
      asked.countDown();
      answer.await();
      return EscalationResolution.approve(req, "alice", Provenance.USER_TRUSTED);
    }, Duration.ofSeconds(30))) {
      Run r = f.run("default", "s1", slow, EnforcementMode.ENFORCE);
      r.executing(r.intent("deploy"), r.plan(step("deploy", Map.of("env", "prod"))));
      AtomicReference<Object> result = new AtomicReference<>();
      Thread waiting = new Thread(() -> {
        try {
          result.set(r.issue(0));
        } catch (RuntimeException e) {
          result.set(e);
        }
      });
      waiting.start();
      asked.await();
      assertThat(r.runtime.state()).isEqualTo(RuntimeState.ESCALATION_REQUIRED);
      assertThatThrownBy(() -> r.issue(0)).isInstanceOf(RuntimeStateException.class);
      answer.countDown();
      waiting.join();
      assertThat(result.get()).isInstanceOf(io.ape.api.AuthorityToken.class);
    }
  }

  @Test
  void escalationApprovedButPolicyChangedMeanwhileIsDenied() {
    try (EscalationHandler approveAfterReload = new EscalationHandler(req -> {
      f.policy.reload();
      return EscalationResolution.approve(req, "alice", Provenance.USER_TRUSTED);
    }, Duration.ofSeconds(5))) {
      Run r = f.run("default", "s1", approveAfterReload, EnforcementMode.ENFORCE);
      r.executing(r.intent("deploy"), r.plan(step("deploy", Map.of("env", "prod"))));
      assertThatThrownBy(() -> r.issue(0)).isInstanceOf(EscalationDeniedException.class)
          .hasMessageContaining("policy decision changed");
      assertThat(r.runtime.state()).isEqualTo(RuntimeState.EXECUTING);
    }
  }

  @Test
  void escalationApprovedButPlanChangedMeanwhileIsDenied() {
    AtomicReference<Run> run = new AtomicReference<>();
    try (EscalationHandler approveAfterReplan = new EscalationHandler(req -> {
      run.get().plans.submit(run.get().plan(step("deploy", Map.of("env", "staging"))), Provenance.USER_TRUSTED);
      return EscalationResolution.approve(req, "alice", Provenance.USER_TRUSTED);
    }, Duration.ofSeconds(5))) {
      Run r = f.run("default", "s1", approveAfterReplan, EnforcementMode.ENFORCE);
      run.set(r);
      r.executing(r.intent("deploy"), r.plan(step("deploy", Map.of("env", "prod"))));
      assertThatThrownBy(() -> r.issue(0)).isInstanceOf(EscalationDeniedException.class)
          .hasMessageContaining("the run changed");
      assertThat(f.issuer.outstanding()).isZero();
    }
  }

  @Test
  void denialTimeoutAndNoResolverDenyWithDistinctReasons() {
    try (EscalationHandler none = EscalationHandler.withoutResolver();
        EscalationHandler slow = new EscalationHandler(req -> {
          new CountDownLatch(1).await();
          return null;
        }, Duration.ofMillis(30))) {
      Run a = f.run("default", "a", none, EnforcementMode.ENFORCE);
      a.executing(a.intent("deploy"), a.plan(step("deploy", Map.of())));
      Run b = f.run("default", "b", slow, EnforcementMode.ENFORCE);
      b.executing(b.intent("deploy"), b.plan(step("deploy", Map.of())));
      Run c = f.run();
      c.executing(c.intent("deploy"), c.plan(step("deploy", Map.of())));
      assertThatThrownBy(() -> a.issue(0)).isInstanceOf(EscalationDeniedException.class)
          .hasMessageContaining("no escalation resolver is configured")
          .satisfies(e -> assertThat(((EscalationDeniedException) e).denial()).isEqualTo(EscalationDenial.NO_RESOLVER));
      assertThatThrownBy(() -> b.issue(0)).isInstanceOf(EscalationDeniedException.class)
          .hasMessageContaining("did not answer within")
          .satisfies(e -> assertThat(((EscalationDeniedException) e).denial()).isEqualTo(EscalationDenial.TIMED_OUT));
      assertThatThrownBy(() -> c.issue(0)).isInstanceOf(EscalationDeniedException.class)
          .hasMessageContaining("denied by deny-all")
          .satisfies(e -> assertThat(((EscalationDeniedException) e).denial()).isEqualTo(EscalationDenial.DENIED_BY_RESOLVER));
      assertThat(tool.count()).isZero();
    }
  }

  @Test
  void theIntentsEscalationListOverridesAPolicyAllow() {
    Run r = f.run(); // deny-all resolver
    r.executing(new Intent("default", List.of(), List.of(), List.of("read_file"), "x", "", Map.of()),
        r.plan(step("read_file", Map.of("path", "a"))));
    assertThatThrownBy(() -> r.issue(0)).isInstanceOf(EscalationDeniedException.class);
    assertThat(f.events(AuditEventType.DECISION).get(0).reason()).contains("the intent requires escalation");
  }

  @Test
  void revocationByScopeIsAuditedWithItsCount() {
    Run a = twoSteps();
    Run b = f.run("other", "s2");
    b.executing(b.intent("read_file"), b.plan(step("read_file", Map.of("path", "x"))));
    AuthorityToken ta = a.issue(0);
    AuthorityToken tb = b.issue(0);
    assertThat(a.authority.revokeByPlan(b.plans.hash().orElseThrow())).isEqualTo(1);
    assertThat(f.issuer.isOutstanding(tb)).isFalse();
    assertThat(a.authority.revokeByIntent(a.intents.version().orElseThrow())).isEqualTo(1);
    assertThat(f.issuer.isOutstanding(ta)).isFalse();
    AuthorityToken again = a.issue(0);
    assertThat(a.authority.revokeByTenant("default")).isEqualTo(1);
    assertThat(a.authority.revoke(again, "x")).isFalse();
    AuthorityToken third = a.issue(0);
    assertThat(a.authority.revoke(third, "manual")).isTrue();
    assertThat(f.events(AuditEventType.TOKEN_REVOKED)).extracting(e -> e.details().get("count"))
        .containsExactly("1", "1", "1", "1");
  }

  @Test
  void aStaleTokenAfterAPolicyReloadDoesNotBlockTheStep() {
    Run r = twoSteps();
    AuthorityToken stale = r.issue(0);
    f.policy.reload();
    AuthorityToken fresh = r.issue(0);
    assertThat(f.issuer.isOutstanding(stale)).isFalse();
    r.gate.execute(fresh);
    assertThat(tool.count()).isEqualTo(1);
  }

  @Test
  void theBuilderRefusesAPlanManagerOfAnotherRun() {
    Run a = f.run();
    Run b = f.run("default", "s2");
    assertThatThrownBy(() -> AuthorityManager.builder(a.runtime, b.plans, f.policy))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void issuanceChecksRunAfterTheAllowAndCanOnlyRefuse() {
    Run r = twoSteps();
    java.util.List<Integer> checked = new java.util.ArrayList<>();
    AuthorityManager limited = AuthorityManager.builder(r.runtime, r.plans, f.policy).issuer(f.issuer)
        .issuanceCheck((binding, decision, params) -> {
          assertThat(decision.isAllowed()).isTrue();
          checked.add(binding.stepIndex());
          if (checked.size() > 1) {
            throw new io.ape.api.RateLimitExceededException("read_file", "per_action", 1, java.time.Instant.EPOCH,
                "limit of 1 reached");
          }
        })
        .issuanceCheck((binding, decision, params) -> {
          throw new IllegalStateException("never reached for the refused call");
        }).build();
    assertThatThrownBy(() -> limited.issue(r.step(0))).isInstanceOf(UnauthorizedActionException.class)
        .hasMessageContaining("issuance check failed");
    assertThatThrownBy(() -> limited.issue(r.step(0)))
        .isInstanceOf(io.ape.api.RateLimitExceededException.class);
    assertThat(checked).containsExactly(0, 0);
    assertThat(f.issuer.outstanding()).isZero();
  }

  @Test
  void anExecutionCheckThatRefusesAtTheGateStopsTheStepBeforeItsTokenIsConsumed() {
    Run r = twoSteps();
    java.util.concurrent.atomic.AtomicBoolean revoked = new java.util.concurrent.atomic.AtomicBoolean();
    AuthorityManager guarded = AuthorityManager.builder(r.runtime, r.plans, f.policy).issuer(f.issuer)
        .executionCheck(binding -> {
          if (revoked.get()) {
            throw new io.ape.api.SessionRevokedException("the session was revoked (user logged out)");
          }
        }).build();
    EnforcementGate gate = new EnforcementGate(guarded, f.tools);
    AuthorityToken token = guarded.issue(r.step(0));
    // the session is revoked after the token was issued, before the tool was called
    revoked.set(true);

    assertThatThrownBy(() -> gate.execute(token, r.step(0)))
        .isInstanceOf(io.ape.api.SessionRevokedException.class).hasMessageContaining("logged out");
    assertThat(tool.calls()).isEmpty();
    assertThat(f.issuer.stateOf(token)).isEqualTo(TokenState.REVOKED);
    assertThat(f.events(AuditEventType.TOKEN_CONSUMED)).isEmpty();
    assertThat(f.events(AuditEventType.TOOL_EXECUTION_STARTED)).isEmpty();
  }

  @Test
  void anExecutionCheckThatFailsUnexpectedlyAlsoStopsTheStep() {
    Run r = twoSteps();
    AuthorityManager guarded = AuthorityManager.builder(r.runtime, r.plans, f.policy).issuer(f.issuer)
        .executionCheck(binding -> {
          throw new IllegalStateException("session store unreachable");
        }).build();
    EnforcementGate gate = new EnforcementGate(guarded, f.tools);
    AuthorityToken token = guarded.issue(r.step(0));

    assertThatThrownBy(() -> gate.execute(token, r.step(0)))
        .isInstanceOf(UnauthorizedActionException.class)
        .hasMessageContaining("execution check failed");
    assertThat(tool.calls()).isEmpty();
    assertThat(f.issuer.stateOf(token)).isEqualTo(TokenState.REVOKED);
  }
}
