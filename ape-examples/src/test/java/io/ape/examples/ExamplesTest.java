package io.ape.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Provenance;
import io.ape.core.orchestrator.OrchestrationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each example's result, asserted. */
class ExamplesTest {
  @TempDir
  Path dir;

  @Test
  void quickstartReadsTheRealFileThroughApe() throws IOException {
    OrchestrationResult r = Quickstart.run(Workspace.policy("read_only.yaml"), dir);
    assertThat(r.success()).as(r.error()).isTrue();
    assertThat(r.results()).containsExactly("{\"debug\": false}\n");
    assertThat(r.labeledResults().get(0).provenance()).isEqualTo(Provenance.EXTERNAL_UNTRUSTED);
  }

  @Test
  void sessionsUpdateTheFileTheFirstTurnRead() throws IOException {
    Sessions.Outcome o = Sessions.run(Workspace.policy("development.yaml"), dir);
    assertThat(o.first().success()).as(o.first().error()).isTrue();
    assertThat(o.second().success()).as(o.second().error()).isTrue();
    assertThat(o.usage().actionsExecuted()).containsExactly("read_file", "write_file");
    assertThat(o.usage().cumulativeRisk()).isEqualTo(0.4);
    assertThat(o.fileAfter()).isEqualTo("{\"debug\": true}\n");
  }

  @Test
  void promptInjectionNeverDeletesAndTheAuditSaysWhy() throws IOException {
    PromptInjection.Outcome o = PromptInjection.run(Workspace.policy("read_only.yaml"), dir);
    assertThat(o.documentProvenance()).isEqualTo(Provenance.EXTERNAL_UNTRUSTED);
    assertThat(o.attempts()).extracting(PromptInjection.Attempt::verdict)
        .containsExactly("ALLOWED", "DENIED", "REJECTED");
    assertThat(o.attempts().get(2).reason()).contains("delete_file");
    assertThat(o.deleteCalls()).isZero();
    assertThat(o.filesAfter()).containsExactly("config.json", "notes.md");
    assertThat(Files.exists(dir.resolve("config.json"))).isTrue();
    assertThat(o.rejections()).anySatisfy(e -> {
      assertThat(e.actionId()).isEqualTo("delete_file");
      assertThat(e.reason()).contains("delete_file");
    });
  }
}
