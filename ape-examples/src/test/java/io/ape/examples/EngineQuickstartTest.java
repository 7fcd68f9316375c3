package io.ape.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import io.ape.api.PolicyNotFoundException;
import io.ape.api.PolicyValidationException;
import io.ape.examples.EngineQuickstart.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the quick start and checks every decision it shows. */
class EngineQuickstartTest {
  private Path policy;

  @BeforeEach
  void copyPolicy() throws IOException {
    policy = EngineQuickstart.copyBundledPolicy();
  }

  @AfterEach
  void deletePolicy() throws IOException {
    Files.deleteIfExists(policy);
  }

  @Test
  void eachRequestGetsTheDecisionThePolicyPromises() {
    List<Result> results = EngineQuickstart.run(policy);

    assertThat(results).extracting(Result::action, Result::outcome, r -> r.decision().source())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("read_file", Outcome.ALLOW, DecisionSource.ALLOWED_LIST),
            org.assertj.core.groups.Tuple.tuple("write_file", Outcome.ALLOW, DecisionSource.RULE),
            org.assertj.core.groups.Tuple.tuple("write_file", Outcome.DENY, DecisionSource.NO_RULE_MATCHED),
            org.assertj.core.groups.Tuple.tuple("write_file", Outcome.DENY, DecisionSource.NO_RULE_MATCHED),
            org.assertj.core.groups.Tuple.tuple("send_email", Outcome.ESCALATE, DecisionSource.ESCALATION_LIST),
            org.assertj.core.groups.Tuple.tuple("delete_file", Outcome.DENY, DecisionSource.FORBIDDEN_LIST),
            org.assertj.core.groups.Tuple.tuple("run_shell_command", Outcome.DENY, DecisionSource.DEFAULT));
  }

  @Test
  void theDenialsSayWhy() {
    List<Result> results = EngineQuickstart.run(policy);

    assertThat(results.get(2).decision().reason())
        .contains("'/tmp/../etc/passwd' (normalised to '/etc/passwd') is not within '/tmp'");
    assertThat(results.get(3).decision().reason()).contains("parameter 'path' is absent");
    assertThat(results.get(6).decision().reason()).endsWith("default deny");
  }

  @Test
  void onlyAnAllowRunsTheTool() {
    for (Result r : EngineQuickstart.run(policy)) {
      switch (r.outcome()) {
        case ALLOW:
          assertThat(r.handling()).isEqualTo("run the tool");
          break;
        case ESCALATE:
          assertThat(r.handling()).startsWith("ask a human first: ");
          break;
        default:
          assertThat(r.handling()).startsWith("refuse: ").contains(r.decision().reason());
      }
    }
  }

  @Test
  void aPolicyFileThatDoesNotExistIsATypedError(@TempDir Path dir) {
    assertThatThrownBy(() -> EngineQuickstart.run(dir.resolve("missing.yaml")))
        .isInstanceOf(PolicyNotFoundException.class);
  }

  @Test
  void anInvalidPolicyIsATypedErrorWithItsLocation(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "rules:\n  - action: write_file\n    decision: permit\n");

    assertThatThrownBy(() -> EngineQuickstart.run(bad))
        .isInstanceOf(PolicyValidationException.class)
        .hasMessageContaining("bad.yaml:3:15 (rules[0].decision)");
  }

  @Test
  void mainPrintsOneLinePerRequest() throws IOException {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      EngineQuickstart.main(new String[] {policy.toString()});
    } finally {
      System.setOut(original);
    }
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();

    assertThat(lines).hasSize(EngineQuickstart.REQUESTS.size());
    assertThat(lines.get(1)).startsWith("write_file").contains("-> ALLOW").endsWith("run the tool");
    assertThat(lines.get(4)).startsWith("send_email").contains("-> ESCALATE");
  }

  @Test
  void theColdStartProbeDecidesFromAFile() {
    assertThat(ColdStartProbe.firstDecision(policy, "read_file").outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(ColdStartProbe.firstDecision(policy, "delete_file").outcome())
        .isEqualTo(Outcome.DENY);
  }
}
