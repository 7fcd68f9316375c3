package io.ape.core.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ApeException;
import io.ape.api.AuditEventType;
import io.ape.api.CompiledIntent;
import io.ape.api.Plan;
import io.ape.api.PlanValidationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * python-ape-behavior.md §29 orchestrator vectors: the intended behaviour where the Python
 * original works, the opposite where §25 calls its behaviour a hole.
 */
class Section29VectorsTest {
  @TempDir
  Path dir;
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  ApeOrchestrator orch;

  @AfterEach
  void close() {
    if (orch != null) {
      orch.close();
    }
  }

  ApeOrchestrator orchestrator(String yaml, String... tools) throws IOException {
    Path p = Files.writeString(dir.resolve("p.yaml"), yaml);
    ApeOrchestrator o = ApeOrchestrator.fromPolicy(p);
    for (String t : tools) {
      o.registerTool(t, params -> {
        calls.add(t + " " + params);
        return t + "(" + params.get("path") + ")";
      });
    }
    return o;
  }

  @Test
  void readConfigJsonBindsThePathThePromptNames_holeA() throws IOException {
    orch = orchestrator("name: r\nallowed_actions: [read_file]\n", "read_file");
    OrchestrationResult r = orch.execute("Read config.json");
    assertThat(r.success()).as(r.error()).isTrue();
    assertThat(r.results()).containsExactly("read_file(config.json)");
  }

  @Test
  void explicitParametersAreUsed() throws IOException {
    orch = orchestrator("name: r\nallowed_actions: [read_file]\n", "read_file");
    OrchestrationResult r = orch.execute("Read config.json", Map.of("read_file", Map.of("path", "x")));
    assertThat(r.success()).isTrue();
    assertThat(r.results()).containsExactly("read_file(x)");
    assertThat(r.steps()).hasSize(1);
  }

  @Test
  void anAllEscalationPromptIsNotASuccessWithZeroSteps_weak2() throws IOException {
    orch = orchestrator("name: d\nallowed_actions: [delete_file]\n", "delete_file");
    OrchestrationResult r = orch.execute("Delete temp files");
    assertThat(r.success()).isFalse();
    assertThat(r.exception()).isInstanceOf(PlanValidationException.class);
    assertThat(r.error()).contains("path");
    OrchestrationResult withPath = orch.execute("Delete temp files",
        Map.of("delete_file", Map.of("path", "/tmp/x.tmp")));
    assertThat(withPath.success()).isFalse();
    assertThat(withPath.escalations()).extracting(StepReport::actionId).containsExactly("delete_file");
    assertThat(calls).isEmpty();
  }

  @Test
  void anLlmPlanForAnEscalationOnlyIntentNeverRunsWithoutApproval_holeD() throws IOException {
    orch = orchestrator("name: c\nallowed_actions: [execute_code, read_file]\n", "execute_code");
    CompiledIntent intent = orch.compileIntent("run the script now");
    assertThat(intent.allowedActions()).isEmpty();
    assertThat(intent.escalationRequired()).containsExactly("execute_code");
    String llm = "[{\"action_id\":\"execute_code\",\"tool_id\":\"execute_code\","
        + "\"parameters\":{\"language\":\"bash\",\"code\":\"rm -rf /\"}}]";
    boolean ran;
    try {
      Plan plan = orch.createPlanFromLlm(llm, intent);
      OrchestrationResult r = orch.executePlan(intent, plan);
      ran = r.success();
      assertThat(r.escalations()).isNotEmpty();
    } catch (PlanValidationException e) {
      ran = false;
    }
    assertThat(ran).isFalse();
    assertThat(calls).isEmpty();
    assertThat(orch.auditEvents().events(AuditEventType.TOKEN_ISSUED)).isEmpty();
  }

  @Test
  void twoLlmStepsWithTheSameActionRunInOrderEachWithItsOwnToken() throws IOException, ApeException {
    orch = orchestrator("name: r\nallowed_actions: [read_file]\n", "read_file");
    CompiledIntent intent = orch.compileIntent("Read a.txt and b.txt");
    Plan plan = orch.createPlanFromLlm("[{\"action_id\":\"read_file\",\"parameters\":{\"path\":\"a.txt\"}},"
        + "{\"action_id\":\"read_file\",\"parameters\":{\"path\":\"b.txt\"}}]", intent);
    OrchestrationResult r = orch.executePlan(intent, plan);
    assertThat(r.success()).as(r.error()).isTrue();
    assertThat(r.results()).containsExactly("read_file(a.txt)", "read_file(b.txt)");
    assertThat(orch.auditEvents().events(AuditEventType.TOKEN_ISSUED)).hasSize(2);
  }

  @Test
  void executeOrThrowRaisesPlanValidationForBadParameters() throws IOException {
    orch = orchestrator("name: r\nallowed_actions: [read_file]\n", "read_file");
    assertThatThrownBy(() -> orch.executeOrThrow("Read config.json",
        Map.of("read_file", Map.of("path", 42)))).isInstanceOf(PlanValidationException.class);
    assertThat(calls).isEmpty();
  }
}
