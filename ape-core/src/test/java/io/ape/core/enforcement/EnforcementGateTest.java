package io.ape.core.enforcement;

import static io.ape.core.testing.Fixture.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ApeConfigurationException;
import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.AuditException;
import io.ape.api.AuthorityToken;
import io.ape.api.Labeled;
import io.ape.api.Provenance;
import io.ape.api.TokenNotFoundException;
import io.ape.api.ToolExecutionException;
import io.ape.api.ToolNotRegisteredException;
import io.ape.api.UnauthorizedActionException;
import io.ape.core.audit.AuditLog;
import io.ape.core.authority.Action;
import io.ape.core.authority.AuthorityManager;
import io.ape.core.authority.TokenState;
import io.ape.core.intent.IntentManager;
import io.ape.core.plan.PlanManager;
import io.ape.core.runtime.RuntimeOrchestrator;
import io.ape.core.runtime.RuntimeState;
import io.ape.core.testing.Fixture;
import io.ape.core.testing.Fixture.Run;
import io.ape.core.testing.RecordingTool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class EnforcementGateTest {
  private final Fixture f = new Fixture();

  private Run readRun(EnforcementMode mode) {
    f.policy.allow("read_file");
    Run r = f.run("default", "s1", io.ape.core.escalation.EscalationHandler.denyAll(), mode);
    return r.executing(r.intent("read_file"), r.plan(step("read_file", Map.of("path", "a"))));
  }

  @Test
  void runsTheToolWithTheBoundParametersAndLabelsTheResultUntrusted() {
    RecordingTool tool = new RecordingTool(p -> "data:" + p.get("path"));
    f.tools.register("read_file", tool, false);
    Run r = readRun(EnforcementMode.ENFORCE);
    Labeled<Object> result = r.gate.execute(r.issue(0));
    assertThat(result.value()).isEqualTo("data:a");
    assertThat(result.provenance()).isEqualTo(Provenance.EXTERNAL_UNTRUSTED);
    assertThat(tool.calls()).containsExactly(Map.of("path", "a"));
    assertThatThrownBy(() -> tool.calls().get(0).put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aTrustedToolsResultIsLabelledSystemTrusted() {
    f.tools.register("read_file", p -> "cfg", true);
    Run r = readRun(EnforcementMode.ENFORCE);
    assertThat(r.gate.execute(r.issue(0)).provenance()).isEqualTo(Provenance.SYSTEM_TRUSTED);
  }

  @Test
  void executionStartedIsRecordedBeforeTheToolRunsAndFinishedAfter() {
    List<AuditEventType> seenByTool = new ArrayList<>();
    f.tools.register("read_file", p -> {
      List<AuditEvent> events = f.sink.events();
      seenByTool.add(events.get(events.size() - 1).type());
      return "x";
    }, false);
    Run r = readRun(EnforcementMode.ENFORCE);
    AuthorityToken t = r.issue(0);
    r.gate.execute(t, r.step(0));
    assertThat(seenByTool).containsExactly(AuditEventType.TOOL_EXECUTION_STARTED);
    List<AuditEventType> types = f.sink.events().stream().map(AuditEvent::type)
        .filter(ty -> ty != AuditEventType.STATE_TRANSITION).toList();
    assertThat(types).containsSubsequence(AuditEventType.DECISION, AuditEventType.TOKEN_ISSUED,
        AuditEventType.TOKEN_CONSUMED, AuditEventType.TOOL_EXECUTION_STARTED,
        AuditEventType.TOOL_EXECUTION_FINISHED);
    AuditEvent finished = f.events(AuditEventType.TOOL_EXECUTION_FINISHED).get(0);
    assertThat(finished.details()).containsEntry("outcome", "success");
    assertThat(finished.tokenRef()).isEqualTo(t.reference());
  }

  @Test
  void ifExecutionStartedCannotBeRecordedTheToolDoesNotRun() {
    AtomicBoolean failing = new AtomicBoolean();
    AuditLog log = AuditLog.builder().clock(f.clock).sink(e -> {
      if (failing.get() && e.type() == AuditEventType.TOOL_EXECUTION_STARTED) {
        throw new IllegalStateException("audit disk full");
      }
    }).build();
    RecordingTool tool = new RecordingTool();
    f.tools.register("read_file", tool, false);
    f.policy.allow("read_file");
    RuntimeOrchestrator runtime = RuntimeOrchestrator.builder().audit(log).build();
    IntentManager intents = new IntentManager(runtime);
    PlanManager plans = new PlanManager(intents, f.policy);
    AuthorityManager authority = AuthorityManager.builder(runtime, plans, f.policy).issuer(f.issuer).build();
    EnforcementGate gate = new EnforcementGate(authority, f.tools);
    intents.set(io.ape.api.Intent.of(List.of("read_file"), "x"), Provenance.USER_TRUSTED);
    runtime.transition(RuntimeState.INTENT_SET);
    plans.submit(io.ape.api.Plan.of(List.of(step("read_file", Map.of()))), Provenance.USER_TRUSTED);
    plans.approve(Provenance.USER_TRUSTED);
    runtime.transition(RuntimeState.PLAN_APPROVED);
    runtime.transition(RuntimeState.EXECUTING);
    AuthorityToken t = authority.issue(authority.actionForStep(0));
    failing.set(true);
    assertThatThrownBy(() -> gate.execute(t)).isInstanceOf(AuditException.class);
    assertThat(tool.count()).isZero();
    assertThat(f.issuer.stateOf(t)).isEqualTo(TokenState.CONSUMED);
    assertThat(authority.nextStep()).isZero();
  }

  @Test
  void toolExceptionsAreWrappedWithTheActionIdAndTheTokenStaysConsumed() {
    f.tools.register("read_file", p -> {
      throw new java.io.IOException("no such file");
    }, false);
    Run r = readRun(EnforcementMode.ENFORCE);
    AuthorityToken t = r.issue(0);
    assertThatThrownBy(() -> r.gate.execute(t)).isInstanceOf(ToolExecutionException.class)
        .satisfies(e -> {
          assertThat(((ToolExecutionException) e).actionId()).isEqualTo("read_file");
          assertThat(e.getCause()).isInstanceOf(java.io.IOException.class);
        });
    assertThat(f.issuer.stateOf(t)).isEqualTo(TokenState.CONSUMED);
    assertThat(f.events(AuditEventType.TOOL_EXECUTION_FINISHED).get(0).details())
        .containsEntry("outcome", "failure");
  }

  @Test
  void aTokenForAnUnregisteredToolIsRefusedBeforeItIsConsumed() {
    Run r = readRun(EnforcementMode.ENFORCE);
    AuthorityToken t = r.issue(0);
    assertThatThrownBy(() -> r.gate.execute(t)).isInstanceOf(ToolNotRegisteredException.class);
    assertThat(f.issuer.isOutstanding(t)).isTrue();
  }

  @Test
  void missingTokenOrActionIsRefused() {
    f.tools.register("read_file", new RecordingTool(), false);
    Run r = readRun(EnforcementMode.ENFORCE);
    assertThatThrownBy(() -> r.gate.execute(null)).isInstanceOf(UnauthorizedActionException.class);
    assertThatThrownBy(() -> r.gate.execute(null, r.step(0))).isInstanceOf(UnauthorizedActionException.class);
    assertThatThrownBy(() -> r.gate.execute(r.issue(0), null)).isInstanceOf(UnauthorizedActionException.class);
  }

  @Test
  void observeModeDecidesAuditsAndRunsAnywayMarkingEveryRecord() {
    RecordingTool tool = new RecordingTool();
    f.tools.register("read_file", tool, false);
    Run r = readRun(EnforcementMode.OBSERVE);
    assertThat(r.gate.mode()).isEqualTo(EnforcementMode.OBSERVE);
    long before = f.audit.lastSequence();
    Action substituted = new Action("read_file", "read_file", Map.of("path", "b"),
        r.step(0).intentVersion(), r.step(0).planHash(), 0);
    r.gate.execute(r.issue(0), substituted); // would be refused in ENFORCE
    assertThat(tool.calls()).containsExactly(Map.of("path", "b"));
    List<AuditEvent> observed = f.sink.events().stream().filter(e -> e.sequence() > before
        && e.type() != AuditEventType.DECISION && e.type() != AuditEventType.TOKEN_ISSUED).toList();
    assertThat(observed).isNotEmpty().allSatisfy(e ->
        assertThat(e.details()).containsEntry("enforcement_mode", "OBSERVE"));
    assertThat(observed).anySatisfy(e -> assertThat(e.reason()).startsWith("OBSERVE: would deny"));
    // the step ran (unchecked): the run moves on, it does not run step 0 again
    assertThatThrownBy(() -> r.issue(0)).isInstanceOf(io.ape.api.UnauthorizedActionException.class)
        .hasMessageContaining("already run");
    assertThat(tool.count()).isEqualTo(1);
  }

  @Test
  void disabledModeNeedsAnExplicitFlagAndChecksNothing() {
    RecordingTool tool = new RecordingTool();
    f.tools.register("read_file", tool, false);
    Run r = readRun(EnforcementMode.ENFORCE);
    assertThatThrownBy(() -> EnforcementGate.builder(r.authority, f.tools).mode(EnforcementMode.DISABLED).build())
        .isInstanceOf(ApeConfigurationException.class).hasMessageContaining("allowDisabledMode(true)");
    EnforcementGate disabled = EnforcementGate.builder(r.authority, f.tools)
        .mode(EnforcementMode.DISABLED).allowDisabledMode(true).build();
    Labeled<Object> out = disabled.execute(null, r.step(0));
    assertThat(out.provenance()).isEqualTo(Provenance.EXTERNAL_UNTRUSTED);
    assertThat(tool.count()).isEqualTo(1);
    assertThat(f.events(AuditEventType.TOOL_EXECUTION_STARTED)).last()
        .satisfies(e -> assertThat(e.details()).containsEntry("enforcement_mode", "DISABLED"));
    assertThatThrownBy(() -> EnforcementGate.builder(r.authority, f.tools).mode(EnforcementMode.OBSERVE)
        .mode(EnforcementMode.ENFORCE)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theRegistryRefusesBadRegistrationsAndNeverHandsOutTheTool() {
    ToolRegistry reg = new ToolRegistry();
    ToolHandle h = reg.register("t", p -> null);
    assertThat(h.toolId()).isEqualTo("t");
    assertThat(h.trusted()).isFalse();
    assertThat(h.belongsTo(reg)).isTrue();
    assertThat(h.belongsTo(new ToolRegistry())).isFalse();
    assertThat(reg.handle("t")).containsSame(h);
    assertThat(reg.isRegistered("t")).isTrue();
    assertThat(reg.toolIds()).containsExactly("t");
    assertThatThrownBy(() -> reg.register("t", p -> null)).isInstanceOf(ApeConfigurationException.class);
    assertThatThrownBy(() -> reg.register("bad id\n", p -> null)).isInstanceOf(ApeConfigurationException.class);
    assertThatThrownBy(() -> reg.register("u", null, true)).isInstanceOf(ApeConfigurationException.class);
  }

  @Test
  void aForgedTokenIsNotFoundEvenInObserveModeWithoutAnAction() {
    f.tools.register("read_file", new RecordingTool(), false);
    Run r = readRun(EnforcementMode.OBSERVE);
    AuthorityToken real = r.issue(0);
    AuthorityToken forged = new AuthorityToken() {
      @Override public String reference() { return real.reference(); }
      @Override public io.ape.api.TokenBinding binding() { return real.binding(); }
      @Override public Map<String, Object> parameters() { return real.parameters(); }
      @Override public java.time.Instant issuedAt() { return real.issuedAt(); }
      @Override public java.time.Instant expiresAt() { return real.expiresAt(); }
      @Override public String policyVersion() { return real.policyVersion(); }
    };
    assertThatThrownBy(() -> r.gate.execute(forged)).isInstanceOf(TokenNotFoundException.class);
  }
}
