package io.ape.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.AuditException;
import io.ape.api.AuthorityToken;
import io.ape.api.Intent;
import io.ape.api.Plan;
import io.ape.api.PlanStep;
import io.ape.api.Provenance;
import io.ape.audit.internal.FileChannelOpener;
import io.ape.core.audit.AuditLog;
import io.ape.core.authority.Action;
import io.ape.core.authority.AuthorityManager;
import io.ape.core.enforcement.EnforcementGate;
import io.ape.core.enforcement.ToolRegistry;
import io.ape.core.intent.IntentManager;
import io.ape.core.plan.PlanManager;
import io.ape.core.policy.PolicyEngine;
import io.ape.core.runtime.RuntimeOrchestrator;
import io.ape.core.runtime.RuntimeState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole guarded call (intent, plan, issue, gate, tool) with the real policy engine, the
 * core audit dispatcher and a JSON-lines sink in per-record mode: what reaches the file, what
 * happens when the file cannot be written, and when the start record is durable.
 */
class GuardedCallFlowTest {
  private static final String POLICY = """
      name: flow
      version: "1"
      default_deny: true
      allowed_actions: [login, read_file]
      audit:
        redact: [password, api_key]
      """;
  private static final String PASSWORD = "hunter2-very-secret";
  private static final String API_KEY = "sk-live-0123456789";

  @TempDir Path dir;
  private final FaultyChannel.Faults faults = new FaultyChannel.Faults();
  private PolicyEngine engine;
  private JsonlAuditSink sink;
  private AuditLog log;
  private AuthorityManager authority;
  private ToolRegistry tools;
  private EnforcementGate gate;
  private final AtomicInteger toolRuns = new AtomicInteger();

  @BeforeEach
  void setUp() throws IOException {
    engine = PolicyEngine.fromFile(Files.writeString(dir.resolve("flow.yaml"), POLICY));
    FileChannelOpener real = FileChannelOpener.defaults();
    sink = JsonlAuditSink.builder(logFile()).durability(Durability.PER_RECORD)
        .channelOpener((p, o) -> new FaultyChannel(real.open(p, o), faults)).build();
    log = AuditLog.builder().sink(sink).redaction(engine.policy().audit()).build();
    RuntimeOrchestrator runtime = RuntimeOrchestrator.builder().tenant("acme").session("s-1")
        .audit(log).build();
    IntentManager intents = new IntentManager(runtime);
    PlanManager plans = new PlanManager(intents, engine);
    authority = AuthorityManager.builder(runtime, plans, engine).build();
    tools = new ToolRegistry();
    gate = new EnforcementGate(authority, tools);
    tools.register("read_file", p -> {
      toolRuns.incrementAndGet();
      return "data";
    }, false);
    intents.set(new Intent("acme", List.of("login", "read_file"), List.of(), List.of(), "flow",
        "", Map.of()), Provenance.USER_TRUSTED);
    runtime.transition(RuntimeState.INTENT_SET);
    plans.submit(new Plan("acme", List.of(
        PlanStep.of("login", Map.of("user", "ann", "password", PASSWORD,
            "options", Map.of("API_KEY", API_KEY, "region", "eu"))),
        PlanStep.of("read_file", Map.of("path", "/tmp/a"))), "", Map.of()),
        Provenance.USER_TRUSTED);
    plans.approve(Provenance.USER_TRUSTED);
    runtime.transition(RuntimeState.PLAN_APPROVED);
    runtime.transition(RuntimeState.EXECUTING);
  }

  @AfterEach
  void tearDown() {
    log.close();
    engine.close();
  }

  private Path logFile() {
    return dir.resolve("audit.jsonl");
  }

  private Object runStep(int k) {
    Action action = authority.actionForStep(k);
    AuthorityToken token = authority.issue(action);
    return gate.execute(token, action).value();
  }

  @Test
  void redactedKeysNeverAppearInTheFileAtAnyDepth() throws IOException {
    tools.register("login", p -> {
      assertThat(p).containsEntry("password", PASSWORD);
      return "ok";
    }, false);
    assertThat(runStep(0)).isEqualTo("ok");
    assertThat(runStep(1)).isEqualTo("data");
    log.close();
    String content = Files.readString(logFile(), StandardCharsets.UTF_8);
    assertThat(content).doesNotContain(PASSWORD).doesNotContain(API_KEY)
        .contains("\"user\":\"ann\"").contains("\"region\":\"eu\"")
        .contains("TOOL_EXECUTION_STARTED").contains("TOOL_EXECUTION_FINISHED");
    assertThat(AuditVerifier.withoutKey().verify(JsonlAuditSink.files(logFile())).status())
        .isEqualTo(VerificationResult.Status.INTACT);
  }

  @Test
  void diskFullBeforeIssueDeniesTheCallAndTheToolDoesNotRun() {
    tools.register("login", p -> toolRuns.incrementAndGet(), false);
    faults.writeBudget.set(0);
    assertThatThrownBy(() -> runStep(0)).isInstanceOf(AuditException.class);
    assertThat(toolRuns).hasValue(0);
    assertThat(sink.isFailed()).isTrue();
  }

  @Test
  void diskFullAfterIssueDeniesTheExecutionAndTheToolDoesNotRun() {
    tools.register("login", p -> "ok", false);
    runStep(0);
    Action action = authority.actionForStep(1);
    AuthorityToken token = authority.issue(action);
    faults.writeBudget.set(10);
    assertThatThrownBy(() -> gate.execute(token, action)).isInstanceOf(AuditException.class);
    assertThat(toolRuns).hasValue(0);
  }

  @Test
  void aFailingFsyncDeniesTheCallAndTheToolDoesNotRun() {
    tools.register("login", p -> "ok", false);
    runStep(0);
    Action action = authority.actionForStep(1);
    AuthorityToken token = authority.issue(action);
    faults.failForce = true;
    assertThatThrownBy(() -> gate.execute(token, action)).isInstanceOf(AuditException.class)
        .hasMessageContaining("fsync");
    assertThat(toolRuns).hasValue(0);
    // a failed sink stays failed: later calls are denied too
    faults.failForce = false;
    assertThatThrownBy(() -> authority.issue(authority.actionForStep(1)))
        .isInstanceOf(AuditException.class);
    assertThat(toolRuns).hasValue(0);
  }

  @Test
  void theStartRecordIsForcedToDiskBeforeTheToolRuns() {
    List<String> durableWhenToolRan = new ArrayList<>();
    tools.register("login", p -> {
      durableWhenToolRan.addAll(durableLines());
      return "ok";
    }, false);
    runStep(0);
    assertThat(durableWhenToolRan).isNotEmpty();
    String last = durableWhenToolRan.get(durableWhenToolRan.size() - 1);
    assertThat(last).contains("\"type\":\"TOOL_EXECUTION_STARTED\"").contains("\"login\"");
    assertThat(durableWhenToolRan).noneMatch(l -> l.contains("TOOL_EXECUTION_FINISHED"));
  }

  /** The complete lines of the log below the size covered by the last completed fsync. */
  private List<String> durableLines() {
    try {
      byte[] all = Files.readAllBytes(logFile());
      int forced = (int) Math.min(all.length, faults.forcedBytes.get());
      String text = new String(Arrays.copyOf(all, forced), StandardCharsets.UTF_8);
      int end = text.lastIndexOf('\n');
      return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
