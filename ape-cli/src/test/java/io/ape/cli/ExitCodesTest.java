package io.ape.cli;

import static io.ape.cli.FakePolicies.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.PolicyLimitException;
import io.ape.api.PolicyParseException;
import io.ape.api.PolicyProblem;
import io.ape.api.PolicyValidationException;
import io.ape.api.SourceLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every exit code, reached through real command lines, with clean one-line messages. */
class ExitCodesTest {
  @TempDir
  Path dir;

  private Path file(String name) throws IOException {
    return Files.writeString(dir.resolve(name), "# placeholder content, read by the fake\n");
  }

  @Test
  void successIsZero() throws IOException {
    Path p = file("ok.yaml");
    FakePolicies fake = new FakePolicies().with(p, policy(p).allowed("read_file").build());
    CliRun.run(fake, "simulate", p.toString(), "read_file").exits(ExitCode.OK);
  }

  @Test
  void denyFromSimulateIsStillZero() throws IOException {
    Path p = file("deny.yaml");
    FakePolicies fake = new FakePolicies().with(p, policy(p).forbidden("rm_rf").build());
    CliRun.Result r = CliRun.run(fake, "simulate", p.toString(), "rm_rf").exits(ExitCode.OK);
    assertThat(r.out()).contains("rm_rf: DENY");
  }

  @Test
  void unexpectedExceptionIsOneWithoutStackTrace() throws IOException {
    Path p = file("boom.yaml");
    FakePolicies fake = new FakePolicies().failing(p, new IllegalStateException("kaboom"));
    CliRun.Result r = CliRun.run(fake, "info", p.toString()).exits(ExitCode.ERROR);
    assertThat(r.err()).contains("internal error").contains("kaboom").contains("--verbose");
    assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception in thread");
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void verboseShowsTheStackTrace() throws IOException {
    Path p = file("boom.yaml");
    FakePolicies fake = new FakePolicies().failing(p, new IllegalStateException("kaboom"));
    CliRun.Result r = CliRun.run(fake, "info", p.toString(), "--verbose").exits(ExitCode.ERROR);
    assertThat(r.err()).contains("java.lang.IllegalStateException: kaboom").contains("\tat ");
  }

  @Test
  void apeDebugShowsTheStackTrace() throws IOException {
    Path p = file("boom.yaml");
    FakePolicies fake = new FakePolicies().failing(p, new IllegalStateException("kaboom"));
    CliContext context = new CliContext(new CliEnvironment(Map.of("APE_DEBUG", "1"), false), fake);
    CliRun.Result r = CliRun.run(context, "info", p.toString()).exits(ExitCode.ERROR);
    assertThat(r.err()).contains("\tat ");
  }

  @Test
  void ioErrorIsOne() throws IOException {
    Path p = file("io.yaml");
    FakePolicies fake = new FakePolicies()
        .failing(p, new UncheckedIOException("io.yaml: disk on fire", new IOException("x")));
    CliRun.Result r = CliRun.run(fake, "info", p.toString()).exits(ExitCode.ERROR);
    assertThat(r.err()).isEqualTo("error: io.yaml: disk on fire\n");
  }

  @Test
  void stackOverflowInTheEngineIsOneNotACrash() throws IOException {
    Path p = file("deep.yaml");
    PolicyLoader overflowing = file -> {
      throw new StackOverflowError();
    };
    CliRun.Result r = CliRun.run(overflowing, "info", p.toString()).exits(ExitCode.ERROR);
    assertThat(r.err()).contains("out of resources").doesNotContain("\tat ");
  }

  @Test
  void unknownOptionIsTwo() {
    CliRun.Result r = CliRun.run(new FakePolicies(), "validate", "--no-such-option", "x.yaml")
        .exits(ExitCode.USAGE);
    assertThat(r.err()).contains("error: Unknown option: '--no-such-option'")
        .contains("Run 'ape validate --help' for usage.");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void unknownCommandIsTwoWithASuggestion() {
    CliRun.Result r = CliRun.run(new FakePolicies(), "valdate", "x.yaml").exits(ExitCode.USAGE);
    assertThat(r.err()).contains("Did you mean").contains("validate");
  }

  @Test
  void missingArgumentIsTwo() {
    CliRun.Result r = CliRun.run(new FakePolicies(), "simulate", "policy.yaml")
        .exits(ExitCode.USAGE);
    assertThat(r.err()).contains("Missing required parameter: 'ACTION'");
  }

  @Test
  void noCommandIsTwo() {
    CliRun.Result r = CliRun.run(new FakePolicies()).exits(ExitCode.USAGE);
    assertThat(r.err()).contains("missing command").contains("validate");
  }

  @Test
  void malformedParamIsTwoBeforeTheFileIsEvenRead() {
    CliRun.Result r = CliRun.run(new FakePolicies(), "simulate", dir.resolve("none.yaml").toString(),
        "write_file", "--param", "no-equals-sign").exits(ExitCode.USAGE);
    assertThat(r.err()).contains("--param expects KEY=VALUE");
  }

  @Test
  void missingFileIsFour() {
    Path missing = dir.resolve("missing.yaml");
    CliRun.Result r = CliRun.run(new FakePolicies(), "simulate", missing.toString(), "read_file")
        .exits(ExitCode.FILE_NOT_FOUND);
    assertThat(r.err()).isEqualTo("error: " + missing + ": file not found\n");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void missingFileIsFourForEveryPolicyCommand() {
    String missing = dir.resolve("missing.yaml").toString();
    FakePolicies fake = new FakePolicies();
    CliRun.run(fake, "validate", missing).exits(ExitCode.FILE_NOT_FOUND);
    CliRun.run(fake, "simulate", missing, "a").exits(ExitCode.FILE_NOT_FOUND);
    CliRun.run(fake, "simulate-batch", missing, "a").exits(ExitCode.FILE_NOT_FOUND);
    CliRun.run(fake, "explain", missing, "a").exits(ExitCode.FILE_NOT_FOUND);
    CliRun.run(fake, "info", missing).exits(ExitCode.FILE_NOT_FOUND);
    CliRun.run(fake, "diff", missing, missing).exits(ExitCode.FILE_NOT_FOUND);
  }

  @Test
  void aDirectoryIsNotAPolicyFile() {
    CliRun.Result r = CliRun.run(new FakePolicies(), "info", dir.toString())
        .exits(ExitCode.FILE_NOT_FOUND);
    assertThat(r.err()).contains("is a directory");
  }

  @Test
  void validationErrorIsThreeWithFileLineAndColumn() throws IOException {
    Path p = file("bad.yaml");
    FakePolicies fake = new FakePolicies().failing(p, new PolicyValidationException(List.of(
        new PolicyProblem(new SourceLocation(p.toString(), 7, 5), "rules[0].decision",
            "decision must be one of allow, deny, escalate"))));
    CliRun.Result r = CliRun.run(fake, "info", p.toString()).exits(ExitCode.INVALID_POLICY);
    assertThat(r.err()).startsWith("error: " + p + ":7:5 (rules[0].decision): decision must be");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void everyValidationProblemGetsItsOwnLine() throws IOException {
    Path p = file("bad.yaml");
    FakePolicies fake = new FakePolicies().failing(p, new PolicyValidationException(List.of(
        new PolicyProblem(new SourceLocation(p.toString(), 2, 1), "", "unknown key 'foo'"),
        new PolicyProblem(new SourceLocation(p.toString(), 9, 3), "", "unknown key 'bar'"))));
    CliRun.Result r = CliRun.run(fake, "simulate", p.toString(), "a")
        .exits(ExitCode.INVALID_POLICY);
    assertThat(r.err().lines()).containsExactly(
        "error: " + p + ":2:1: unknown key 'foo'",
        "error: " + p + ":9:3: unknown key 'bar'");
  }

  @Test
  void parseErrorIsThreeWithFileLineAndColumn() throws IOException {
    Path p = file("broken.yaml");
    FakePolicies fake = new FakePolicies().failing(p, new PolicyParseException(
        new SourceLocation(p.toString(), 3, 14), "", "duplicate key 'allowed_actions'"));
    CliRun.Result r = CliRun.run(fake, "validate", p.toString()).exits(ExitCode.INVALID_POLICY);
    assertThat(r.err()).contains(p + ":3:14: duplicate key 'allowed_actions'");
    assertThat(r.out()).contains("invalid");
  }

  @Test
  void limitExceededIsThree() throws IOException {
    Path p = file("huge.yaml");
    FakePolicies fake = new FakePolicies().failing(p, new PolicyLimitException(
        new SourceLocation(p.toString(), 1, 1), "maxBytes", 8, "document too large"));
    CliRun.Result r = CliRun.run(fake, "info", p.toString()).exits(ExitCode.INVALID_POLICY);
    assertThat(r.err()).contains("document too large (limit maxBytes = 8)");
  }
}
