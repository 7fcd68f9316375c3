package io.ape.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.ape.api.CompiledIntent;
import io.ape.api.EvaluatorVerdict;
import io.ape.api.Outcome;
import io.ape.api.PlanValidationException;
import io.ape.api.RiskLevel;
import io.ape.api.StateUnavailableException;
import io.ape.core.orchestrator.ApeOrchestrator;
import io.ape.core.orchestrator.ApeSession;
import io.ape.core.orchestrator.OrchestrationResult;
import io.ape.core.state.InMemorySharedState;
import io.ape.core.testing.MutableClock;
import io.ape.spi.state.SessionStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the engine audits beyond the steps of a call: policy life cycle, model plans, state. */
class EngineAuditTest {
  static final String FILES = """
      name: files
      version: "1"
      default_decision: deny
      allowed_actions: [read_file, list_directory, write_file]
      """;

  @TempDir
  Path dir;
  final MutableClock clock = EngineTestSupport.clock();

  @Test
  void everyReloadOfThePolicyEngineIsAuditedAdvancesTheGenerationAndFailuresKeepTheOldPolicy() {
    Path file = EngineTestSupport.write(dir, "p.yaml", FILES);
    try (ApeEngine engine = ApeEngine.builder().policyFile(file).clock(clock).build()) {
      assertThat(engine.auditEvents().events(AuditEventType.POLICY_LOADED)).singleElement()
          .satisfies(e -> assertThat(e.details()).containsEntry("policy", "files"));
      // the policy engine's own reload, not only engine.reloadPolicy(), is audited
      engine.policyEngine().reload();
      engine.reloadPolicy();
      assertThat(engine.auditEvents().events(AuditEventType.POLICY_RELOADED))
          .extracting(e -> e.details().get("policy_generation")).containsExactly("1", "2");
      EngineTestSupport.write(dir, "p.yaml", "name: [broken");
      assertThatThrownBy(engine::reloadPolicy).isInstanceOf(io.ape.api.PolicyException.class);
      assertThat(engine.auditEvents().events(AuditEventType.POLICY_RELOAD_FAILED)).hasSize(1);
      assertThat(engine.policyEngine().policy().name()).isEqualTo("files");
    }
  }

  @Test
  void registeringAToolRecompilesThePolicyOnlyWhenThePolicyNamesItsActionAndSaysWhy() {
    Path file = EngineTestSupport.write(dir, "p.yaml", FILES + "rules:\n  - id: notes\n"
        + "    action: note\n    decision: allow\n");
    try (ApeEngine engine = ApeEngine.builder().policyFile(file).clock(clock).build()) {
      engine.registerTool(ToolRegistration.of("unnamed_tool", args -> "x")
          .withRisk(RiskLevel.LOW));
      assertThat(engine.auditEvents().events(AuditEventType.POLICY_RELOADED)).isEmpty();
      engine.registerTool(ToolRegistration.of("note", args -> "x").withRisk(RiskLevel.LOW));
      assertThat(engine.auditEvents().events(AuditEventType.POLICY_RELOADED)).singleElement()
          .satisfies(e -> assertThat(e.details()).containsEntry("cause", "action_registered"));
    }
  }

  @Test
  void aPlanStepIsEvaluatedOnceOnThePlanPath() {
    AtomicInteger evaluations = new AtomicInteger();
    Path file = EngineTestSupport.write(dir, "p.yaml", FILES);
    try (ApeEngine engine = ApeEngine.builder().policyFile(file).clock(clock)
        .policyEvaluator((request, policy) -> {
          evaluations.incrementAndGet();
          return new EvaluatorVerdict(Outcome.ALLOW, "counted");
        }).build()) {
      engine.registerTool("read_file", args -> "contents");
      engine.registerTool("list_directory", args -> "a.txt");
      OrchestrationResult r = engine.orchestrator().execute(
          "List the directory /workspace and read the file /workspace/a.txt");
      assertThat(r.success()).as(r.error()).isTrue();
      assertThat(r.steps()).hasSize(2);
      // pre-flight decides each step once; issuance reuses that decision (before: 4)
      assertThat(evaluations).hasValue(2);
      // the one DECISION record per step is the issuance's
      assertThat(engine.auditEvents().events(AuditEventType.DECISION)).hasSize(2);
    }
  }

  @Test
  void aModelPlanThatIsRejectedIsAuditedWithItsReason() {
    Path file = EngineTestSupport.write(dir, "p.yaml", FILES);
    try (ApeEngine engine = ApeEngine.builder().policyFile(file).clock(clock).build()) {
      engine.registerTool("read_file", args -> "contents");
      ApeOrchestrator orch = engine.orchestrator();
      CompiledIntent intent = orch.compileIntent("Read the file /workspace/notes.md");
      String injected = "[{\"action_id\":\"read_file\",\"parameters\":{\"path\":\"/workspace/notes.md\"}},"
          + "{\"action_id\":\"delete_file\",\"parameters\":{\"path\":\"/workspace/config.json\"}}]";
      assertThatThrownBy(() -> orch.createPlanFromLlm(injected, intent))
          .isInstanceOf(PlanValidationException.class);
      assertThat(engine.auditEvents().events(AuditEventType.PLAN_REJECTED)).singleElement()
          .satisfies(e -> {
            assertThat(e.decision()).isEqualTo(Outcome.DENY);
            assertThat(e.reason()).contains("model").contains("delete_file");
            assertThat(e.details()).containsEntry("plan_source", "model")
                .containsKey(ApeOrchestrator.CORRELATION_ID);
          });
      assertThatThrownBy(() -> orch.createPlanFromLlm("not json at all {", intent))
          .isInstanceOf(io.ape.api.PlanParseException.class);
      assertThat(engine.auditEvents().events(AuditEventType.PLAN_REJECTED)).hasSize(2);
    }
  }

  @Test
  void aSessionStoreThatCannotAnswerDeniesTheOrchestratedCallAndAuditsIt() {
    InMemorySharedState real = new InMemorySharedState(clock);
    AtomicBoolean down = new AtomicBoolean();
    SharedStateWiringTest.DelegatingState flaky = new SharedStateWiringTest.DelegatingState(real) {
      @Override
      public SessionStore sessions() {
        SessionStore store = real.sessions();
        return new SessionStore() {
          @Override
          public void create(io.ape.spi.state.SessionRecord session) {
            store.create(session);
          }

          @Override
          public java.util.Optional<io.ape.spi.state.SessionRecord> find(String sessionId) {
            if (down.get()) {
              throw new StateUnavailableException("redis timed out (simulated)");
            }
            return store.find(sessionId);
          }

          @Override
          public boolean end(String sessionId, io.ape.spi.state.SessionRecord.Status status) {
            return store.end(sessionId, status);
          }
        };
      }
    };
    AtomicInteger reads = new AtomicInteger();
    try (ApeEngine engine = ApeEngine.builder()
        .policyFile(EngineTestSupport.write(dir, "p.yaml", FILES)).clock(clock)
        .sharedState(flaky).build()) {
      engine.registerTool("read_file", args -> {
        reads.incrementAndGet();
        return "contents";
      });
      ApeSession s = engine.orchestrator().createSession("alice", Duration.ofMinutes(5));
      down.set(true);
      OrchestrationResult r = s.execute("Read the file /workspace/a.txt");
      assertThat(r.success()).isFalse();
      assertThat(r.exception()).isInstanceOf(StateUnavailableException.class);
      assertThat(reads).hasValue(0);
      AuditEvent rejected = engine.auditEvents().events(AuditEventType.ATTEMPT_REJECTED).get(0);
      assertThat(rejected.decision()).isEqualTo(Outcome.DENY);
      assertThat(rejected.details()).containsEntry("error", "StateUnavailableException");
      down.set(false);
      assertThat(s.execute("Read the file /workspace/a.txt").success()).isTrue();
      assertThat(reads).hasValue(1);
    }
  }
}
