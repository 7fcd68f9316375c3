package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ape demo}, {@code ape test-prompt} and {@code ape analyze} with the real engine. */
class OrchestratorCommandsTest {
  private static final String READ_ONLY = "name: read_only\ndefault_decision: deny\n"
      + "forbidden_actions: [delete_file, write_file]\n"
      + "escalation_required: [http_get]\n"
      + "rules:\n  - id: read-tmp\n    action: read_file\n    decision: allow\n"
      + "    conditions:\n      path: { path_within: /tmp }\n";

  @TempDir
  Path dir;

  private CliRun.Result ape(String... args) {
    return CliRun.run(CliContext.withEnvironment(new CliEnvironment(Map.of(), false)), args);
  }

  private Path policy() throws IOException {
    return Files.writeString(dir.resolve("read_only.yaml"), READ_ONLY);
  }

  @Test
  void demoStopsTheInjectionAndExitsZero() {
    CliRun.Result r = ape("demo").exits(ExitCode.OK);
    assertThat(r.out()).contains("ALLOWED", "DENIED", "REJECTED", "EXTERNAL_UNTRUSTED",
        "delete tool calls: 0", "config.json, notes.md");
  }

  @Test
  void demoJsonIsOneDocumentAndTheAuditLogIsWritten() throws IOException {
    Path log = dir.resolve("audit.jsonl");
    CliRun.Result r = ape("demo", "--json", "--audit-log", log.toString()).exits(ExitCode.OK);
    JsonNode doc = r.json();
    assertThat(doc.get("safe").asBoolean()).isTrue();
    assertThat(doc.get("delete_tool_calls").asInt()).isZero();
    assertThat(doc.get("attempts")).hasSize(3);
    assertThat(doc.get("attempts").get(0).get("verdict").asText()).isEqualTo("ALLOWED");
    assertThat(doc.get("attempts").get(0).get("result_provenance").asText())
        .isEqualTo("EXTERNAL_UNTRUSTED");
    assertThat(doc.get("attempts").get(1).get("verdict").asText()).isEqualTo("DENIED");
    assertThat(doc.get("attempts").get(1).get("reason").asText()).contains("delete_file");
    assertThat(doc.get("attempts").get(2).get("verdict").asText()).isEqualTo("REJECTED");
    assertThat(doc.get("rejected_attempts").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(Files.readAllLines(log)).hasSizeGreaterThanOrEqualTo(doc.get("audit_events").asInt());
  }

  @Test
  void testPromptShowsIntentPlanAndDecisions() throws IOException {
    CliRun.Result r = ape("test-prompt", policy().toString(), "Read the file /tmp/a.txt", "--json")
        .exits(ExitCode.OK);
    JsonNode doc = r.json();
    assertThat(doc.get("verdict").asText()).isEqualTo("would run");
    assertThat(doc.get("steps").get(0).get("action").asText()).isEqualTo("read_file");
    assertThat(doc.get("steps").get(0).get("parameters").get("path").asText()).isEqualTo("/tmp/a.txt");
    assertThat(doc.get("steps").get(0).get("decision").get("decision").asText()).isEqualTo("ALLOW");

    CliRun.Result text = ape("test-prompt", policy().toString(), "Read the file /etc/shadow")
        .exits(ExitCode.OK);
    assertThat(text.out()).contains("DENY", "verdict  denied");
  }

  @Test
  void testPromptReportsForbiddenAndAmbiguousPromptsAsData() throws IOException {
    JsonNode denied = ape("test-prompt", policy().toString(), "Delete all files", "--json")
        .exits(ExitCode.OK).json();
    assertThat(denied.get("verdict").asText()).isEqualTo("denied");
    assertThat(denied.get("forbidden_actions").get(0).asText()).isEqualTo("delete_file");
    JsonNode ambiguous = ape("test-prompt", policy().toString(), "hello there", "--json")
        .exits(ExitCode.OK).json();
    assertThat(ambiguous.get("verdict").asText()).isEqualTo("ambiguous");
    JsonNode escalation = ape("test-prompt", policy().toString(),
        "Fetch https://example.com/data.json", "--json").exits(ExitCode.OK).json();
    assertThat(escalation.get("verdict").asText()).isEqualTo("needs escalation");
  }

  @Test
  void testPromptWithAMissingPolicyExitsFour() {
    ape("test-prompt", dir.resolve("missing.yaml").toString(), "Read a.txt").exits(4);
  }

  @Test
  void analyzeShowsSignalsActionsAndRisk() {
    JsonNode doc = ape("analyze", "Read config.json and then delete it", "--json")
        .exits(ExitCode.OK).json();
    assertThat(doc.get("ambiguous").asBoolean()).isFalse();
    assertThat(doc.get("actions").findValuesAsText("action")).containsExactly("read_file", "delete_file");
    assertThat(doc.get("actions").get(1).get("risk").asText()).isEqualTo("HIGH");
    assertThat(doc.get("signals").size()).isGreaterThanOrEqualTo(2);
    CliRun.Result text = ape("analyze", "Read the config.json file").exits(ExitCode.OK);
    assertThat(text.out()).contains("read_file", "risk MINIMAL", "config.json");
  }

  @Test
  void analyzeReportsAnAmbiguousPrompt() {
    JsonNode doc = ape("analyze", "", "--json").exits(ExitCode.OK).json();
    assertThat(doc.get("ambiguous").asBoolean()).isTrue();
    assertThat(ape("analyze").exitCode()).isEqualTo(2);
  }
}
