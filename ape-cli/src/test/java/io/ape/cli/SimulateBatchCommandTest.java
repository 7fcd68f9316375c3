package io.ape.cli;

import static io.ape.cli.FakePolicies.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Provenance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class SimulateBatchCommandTest {
  @TempDir
  Path dir;
  Path p;
  FakePolicies fake;

  @BeforeEach
  void setUp() throws IOException {
    p = Files.writeString(dir.resolve("p.yaml"), "x");
    fake = new FakePolicies().with(p, policy(p).allowed("read_file", "write_file")
        .forbidden("rm_rf").escalation("send_email").build());
  }

  @Test
  void evaluatesArgumentsAndPrintsASummary() {
    CliRun.Result r = CliRun.run(fake, "simulate-batch", p.toString(), "read_file", "rm_rf",
        "send_email", "unknown").exits(ExitCode.OK);
    assertThat(r.out().lines()).hasSize(5);
    assertThat(r.out()).containsPattern("ALLOW +read_file")
        .containsPattern("DENY +rm_rf")
        .containsPattern("ESCALATE +send_email")
        .contains("4 actions: 1 allowed, 2 denied, 1 escalated");
  }

  @Test
  void readsActionsAndJsonParametersFromAFile() throws IOException {
    Path batch = Files.writeString(dir.resolve("actions.txt"), String.join("\n",
        "# a comment", "", "read_file", "  write_file   {\"path\": \"/tmp/a\"}  ", "rm_rf\r", ""));
    CliRun.Result r = CliRun.run(fake, "simulate-batch", p.toString(), "send_email",
        "--file", batch.toString()).exits(ExitCode.OK);
    assertThat(r.out()).contains("4 actions: 2 allowed, 1 denied, 1 escalated");
    assertThat(fake.requests).extracting(x -> x.actionId())
        .containsExactly("send_email", "read_file", "write_file", "rm_rf");
    assertThat(fake.requests.get(2).parameters()).isEqualTo(Map.of("path", "/tmp/a"));
    // The library's default for evaluate(action, parameters): EXTERNAL_UNTRUSTED.
    assertThat(fake.requests).allMatch(
        x -> x.context().parameterProvenance() == Provenance.EXTERNAL_UNTRUSTED);
  }

  @Test
  void provenanceAndUntrustedKeysApplyToEveryLine() throws IOException {
    Path batch = Files.writeString(dir.resolve("actions.txt"),
        "write_file {\"path\": \"/tmp/a\", \"content\": \"x\"}\n");
    CliRun.run(fake, "simulate-batch", p.toString(), "read_file", "--file", batch.toString(),
        "--provenance", "user", "--untrusted", "content").exits(ExitCode.OK);
    assertThat(fake.requests).allMatch(
        x -> x.context().parameterProvenance() == Provenance.USER_TRUSTED
            && x.context().provenanceOf("content") == Provenance.EXTERNAL_UNTRUSTED);
  }

  @Test
  void failOnDenyExitsOneWhenAnyDecisionIsADenial() {
    CliRun.run(fake, "simulate-batch", p.toString(), "read_file", "--fail-on", "deny")
        .exits(ExitCode.OK);
    CliRun.run(fake, "simulate-batch", p.toString(), "read_file", "rm_rf", "--fail-on", "deny")
        .exits(ExitCode.ERROR);
  }

  @Test
  void aMalformedLineIsAUsageErrorNamingTheLine() throws IOException {
    Path batch = Files.writeString(dir.resolve("actions.txt"), "read_file\nwrite_file {path}\n");
    CliRun.Result r = CliRun.run(fake, "simulate-batch", p.toString(), "-f", batch.toString())
        .exits(ExitCode.USAGE);
    assertThat(r.err()).contains(batch + ":2");
    assertThat(fake.requests).isEmpty();
  }

  @Test
  void parametersThatAreNotAnObjectAreAUsageError() throws IOException {
    Path batch = Files.writeString(dir.resolve("actions.txt"), "write_file [1]\n");
    CliRun.Result r = CliRun.run(fake, "simulate-batch", p.toString(), "-f", batch.toString())
        .exits(ExitCode.USAGE);
    assertThat(r.err()).contains(batch + ":1: parameters must be a JSON object");
  }

  @Test
  void noActionsIsAUsageError() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.txt"), "# nothing\n\n");
    CliRun.run(fake, "simulate-batch", p.toString()).exits(ExitCode.USAGE);
    CliRun.Result r = CliRun.run(fake, "simulate-batch", p.toString(), "--file", empty.toString())
        .exits(ExitCode.USAGE);
    assertThat(r.err()).contains("no actions");
  }

  @Test
  void aMissingBatchFileIsFour() {
    CliRun.Result r = CliRun.run(fake, "simulate-batch", p.toString(), "--file",
        dir.resolve("nope.txt").toString()).exits(ExitCode.FILE_NOT_FOUND);
    assertThat(r.err()).contains("nope.txt: file not found");
  }

  @Test
  void aBatchFileThatIsNotUtf8IsAUsageError() throws IOException {
    Path batch = Files.write(dir.resolve("bin.txt"), new byte[] {'a', (byte) 0xff, (byte) 0xfe, '\n'});
    CliRun.Result r = CliRun.run(fake, "simulate-batch", p.toString(), "--file", batch.toString())
        .exits(ExitCode.USAGE);
    assertThat(r.err()).contains("not valid UTF-8");
  }

  @Test
  @EnabledOnOs({OS.LINUX, OS.MAC})
  void anEndlessDeviceIsRefusedInsteadOfHanging() {
    CliRun.Result r = CliRun.run(fake, "simulate-batch", p.toString(), "--file", "/dev/zero")
        .exits(ExitCode.FILE_NOT_FOUND);
    assertThat(r.err()).contains("not a regular file");
  }
}
