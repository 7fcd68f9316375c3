package io.ape.cli;

import static io.ape.cli.FakePolicies.condition;
import static io.ape.cli.FakePolicies.policy;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ape.api.Outcome;
import io.ape.api.PolicyParseException;
import io.ape.api.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With --json, stdout is exactly one JSON document — for successes and for every error. */
class JsonOutputTest {
  @TempDir
  Path dir;
  Path a;
  Path b;
  Path bad;
  FakePolicies fake;

  @BeforeEach
  void setUp() throws IOException {
    a = Files.writeString(dir.resolve("a.yaml"), "a");
    b = Files.writeString(dir.resolve("b.yaml"), "b");
    bad = Files.writeString(dir.resolve("bad.yaml"), "bad");
    fake = new FakePolicies()
        .with(a, policy(a).allowed("read_file").forbidden("rm_rf").escalation("send_email")
            .rule("w", "write_file", Outcome.ALLOW, condition("path", "path_within", "/tmp"))
            .build())
        .with(b, policy(b).allowed("read_file", "http_get").defaultDecision(Outcome.ALLOW)
            .sha("cd".repeat(32)).build())
        .failing(bad, new PolicyParseException(new SourceLocation(bad.toString(), 4, 2), "",
            "mapping expected"));
  }

  @Test
  void validatePrintsOneDocument() {
    JsonNode doc = CliRun.run(fake, "validate", a.toString(), b.toString(), "--json")
        .exits(ExitCode.OK).json();
    assertThat(doc.get("valid").asBoolean()).isTrue();
    assertThat(doc.get("files")).hasSize(2);
    assertThat(doc.get("files").get(1).get("warnings").get(0).get("path").asText())
        .isEqualTo("default_decision");
  }

  @Test
  void validateOfAnInvalidFileReportsLineAndColumnInJson() {
    CliRun.Result r = CliRun.run(fake, "validate", "--json", bad.toString())
        .exits(ExitCode.INVALID_POLICY);
    JsonNode error = r.json().get("files").get(0).get("error");
    assertThat(error.get("exit_code").asInt()).isEqualTo(3);
    assertThat(error.get("problems").get(0).get("line").asInt()).isEqualTo(4);
    assertThat(error.get("problems").get(0).get("column").asInt()).isEqualTo(2);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void simulatePrintsTheDecision() {
    JsonNode doc = CliRun.run(fake, "simulate", a.toString(), "rm_rf", "--json")
        .exits(ExitCode.OK).json();
    assertThat(doc.get("action").asText()).isEqualTo("rm_rf");
    assertThat(doc.get("decision").asText()).isEqualTo("DENY");
    assertThat(doc.get("source").asText()).isEqualTo("FORBIDDEN_LIST");
    assertThat(doc.get("policy").asText()).isEqualTo(a.toString());
  }

  @Test
  void simulateOfADefaultAllowKeepsTheWarningOffStdout() {
    CliRun.Result r = CliRun.run(fake, "simulate", b.toString(), "anything", "--json")
        .exits(ExitCode.OK);
    assertThat(r.json().get("default_allow").asBoolean()).isTrue();
  }

  @Test
  void simulateBatchPrintsOneDocument() {
    JsonNode doc = CliRun.run(fake, "simulate-batch", "--json", a.toString(), "read_file",
        "rm_rf", "send_email").exits(ExitCode.OK).json();
    assertThat(doc.get("results")).hasSize(3);
    assertThat(doc.get("summary").get("allow").asInt()).isEqualTo(1);
    assertThat(doc.get("summary").get("deny").asInt()).isEqualTo(1);
    assertThat(doc.get("summary").get("escalate").asInt()).isEqualTo(1);
  }

  @Test
  void infoPrintsOneDocument() {
    JsonNode doc = CliRun.run(fake, "info", a.toString(), "--json").exits(ExitCode.OK).json();
    assertThat(doc.get("rules").get(0).get("conditions").get(0).get("operator").asText())
        .isEqualTo("path_within");
    assertThat(doc.get("rate_limits").get("max_cumulative_risk").isNull()).isTrue();
  }

  @Test
  void diffPrintsOneDocument() {
    JsonNode doc = CliRun.run(fake, "diff", a.toString(), b.toString(), "--json")
        .exits(ExitCode.OK).json();
    assertThat(doc.get("identical").asBoolean()).isFalse();
    assertThat(doc.get("allowed_actions").get("added").get(0).asText()).isEqualTo("http_get");
  }

  @Test
  void explainPrintsOneDocument() {
    JsonNode doc = CliRun.run(fake, "explain", a.toString(), "write_file", "--json")
        .exits(ExitCode.OK).json();
    assertThat(doc.get("decision").get("decision").asText()).isEqualTo("DENY");
    assertThat(doc.get("rules").get(0).get("matched").asBoolean()).isFalse();
  }

  @Test
  void missingFileIsAJsonErrorWithExitCodeFour() {
    CliRun.Result r = CliRun.run(fake, "info", "--json", dir.resolve("nope.yaml").toString())
        .exits(ExitCode.FILE_NOT_FOUND);
    JsonNode error = r.json().get("error");
    assertThat(error.get("exit_code").asInt()).isEqualTo(4);
    assertThat(error.get("type").asText()).isEqualTo("file_not_found");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void invalidPolicyIsAJsonErrorWithExitCodeThree() {
    CliRun.Result r = CliRun.run(fake, "simulate", bad.toString(), "x", "--json")
        .exits(ExitCode.INVALID_POLICY);
    JsonNode error = r.json().get("error");
    assertThat(error.get("message").asText()).contains(bad + ":4:2");
    assertThat(error.get("problems").get(0).get("line").asInt()).isEqualTo(4);
  }

  @Test
  void usageErrorIsAJsonErrorWithExitCodeTwo() {
    CliRun.Result r = CliRun.run(fake, "simulate", "--json", a.toString())
        .exits(ExitCode.USAGE);
    assertThat(r.json().get("error").get("type").asText()).isEqualTo("usage");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void unknownOptionWithJsonIsAJsonError() {
    CliRun.Result r = CliRun.run(fake, "info", a.toString(), "--json", "--bogus")
        .exits(ExitCode.USAGE);
    assertThat(r.json().get("error").get("message").asText()).contains("--bogus");
  }

  @Test
  void badParamsJsonIsAJsonUsageError() {
    CliRun.Result r = CliRun.run(fake, "simulate", a.toString(), "x", "--json",
        "--params-json", "{\"a\": 1,}").exits(ExitCode.USAGE);
    assertThat(r.json().get("error").get("message").asText()).contains("--params-json");
  }

  @Test
  void internalErrorIsAJsonErrorAndTheStackTraceStaysOnStderr() {
    FakePolicies failing = new FakePolicies().failing(a, new IllegalStateException("bug"));
    CliContext context = new CliContext(new CliEnvironment(Map.of("APE_DEBUG", "1"), false), failing);
    CliRun.Result r = CliRun.run(context, "info", a.toString(), "--json").exits(ExitCode.ERROR);
    assertThat(r.json().get("error").get("type").asText()).isEqualTo("internal_error");
    assertThat(r.err()).contains("\tat ");
  }

  @Test
  void jsonAfterEndOfOptionsIsAnArgumentNotTheOption() {
    CliRun.Result r = CliRun.run(fake, "simulate-batch", a.toString(), "--", "--json")
        .exits(ExitCode.OK);
    assertThat(r.out()).contains("--json").contains("DENY");
  }
}
