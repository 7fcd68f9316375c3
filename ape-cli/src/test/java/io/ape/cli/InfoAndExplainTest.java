package io.ape.cli;

import static io.ape.cli.FakePolicies.condition;
import static io.ape.cli.FakePolicies.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoAndExplainTest {
  @TempDir
  Path dir;
  Path p;
  FakePolicies fake;

  @BeforeEach
  void setUp() throws IOException {
    p = Files.writeString(dir.resolve("p.yaml"), "x");
    fake = new FakePolicies().with(p, policy(p).name("fs").allowed("read_file")
        .forbidden("rm_rf").escalation("delete_file")
        .rule("tmp-only", "write_file", Outcome.ALLOW, condition("path", "path_within", "/tmp"))
        .transitions(Map.of("read_file", List.of("write_file")))
        .metadata(Map.of("owner", "platform")).redact("token").build());
  }

  @Test
  void infoShowsEverySection() {
    CliRun.Result r = CliRun.run(fake, "info", p.toString()).exits(ExitCode.OK);
    assertThat(r.out()).contains("Policy       " + p + " (yaml)", "sha256       " + "ab".repeat(32),
        "name         fs", "default      deny", "allowed_actions (1): read_file",
        "forbidden_actions (1): rm_rf", "escalation_required (1): delete_file",
        "rules (1, first match decides)", "tmp-only: write_file -> allow",
        "if path path_within \"/tmp\"", "tool_transitions", "read_file -> write_file",
        "audit.redact token", "metadata", "\"owner\":\"platform\"");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void explainShowsTheStepsRulesAndConditions() {
    CliRun.Result r = CliRun.run(fake, "explain", p.toString(), "write_file", "-p", "x=1")
        .exits(ExitCode.OK);
    assertThat(r.out()).contains("Steps:", "  1. forbidden_actions: not listed",
        "Rules for write_file:", "tmp-only (allow, line 10): did not match",
        "FAILED path path_within \"/tmp\": parameter 'path' is absent",
        "Decision:", "write_file: DENY");
  }
}
