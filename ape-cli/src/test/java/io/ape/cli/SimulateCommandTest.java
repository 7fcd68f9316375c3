package io.ape.cli;

import static io.ape.cli.FakePolicies.condition;
import static io.ape.cli.FakePolicies.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.ActionRequest;
import io.ape.api.Outcome;
import io.ape.api.Provenance;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
  @TempDir
  Path dir;
  Path p;
  Path dev;
  FakePolicies fake;

  @BeforeEach
  void setUp() throws IOException {
    p = Files.writeString(dir.resolve("p.yaml"), "x");
    dev = Files.writeString(dir.resolve("dev.yaml"), "x");
    fake = new FakePolicies()
        .with(p, policy(p).allowed("read_file").escalation("send_email")
            .rule("tmp-only", "write_file", Outcome.ALLOW, condition("path", "prefix", "/tmp/"))
            .build())
        .with(dev, policy(dev).defaultDecision(Outcome.ALLOW).build());
  }

  private ActionRequest lastRequest() {
    return fake.requests.get(fake.requests.size() - 1);
  }

  @Test
  void printsTheDecisionAndItsReason() {
    CliRun.Result r = CliRun.run(fake, "simulate", p.toString(), "send_email").exits(ExitCode.OK);
    assertThat(r.out()).contains("send_email: ESCALATE").contains("reason:")
        .contains("decided by: ESCALATION_LIST").contains("sha256 abababababababab...");
  }

  @Test
  void printsEveryFailedCondition() {
    CliRun.Result r = CliRun.run(fake, "simulate", p.toString(), "write_file",
        "--param", "path=/etc/passwd").exits(ExitCode.OK);
    assertThat(r.out()).contains("write_file: DENY").contains("failed:     tmp-only: path prefix");
  }

  @Test
  void commandLineParametersAreUntrustedByDefaultAsInTheLibrary() {
    // PolicyEngine.evaluate(action, parameters) treats the parameters as EXTERNAL_UNTRUSTED;
    // the command line decides the same call the same way unless told otherwise.
    CliRun.run(fake, "simulate", p.toString(), "write_file", "-p", "path=/tmp/a")
        .exits(ExitCode.OK);
    assertThat(lastRequest().context().parameterProvenance())
        .isEqualTo(Provenance.EXTERNAL_UNTRUSTED);
    assertThat(lastRequest().context())
        .isEqualTo(io.ape.api.RequestContext.untrusted());
  }

  @Test
  void provenanceAndUntrustedKeysAreTheRequestsLabels() {
    CliRun.run(fake, "simulate", p.toString(), "write_file", "-p", "path=/tmp/a",
        "-p", "content=x", "--provenance", "user", "--untrusted", "content").exits(ExitCode.OK);
    assertThat(lastRequest().context().provenanceOf("path")).isEqualTo(Provenance.USER_TRUSTED);
    assertThat(lastRequest().context().provenanceOf("content"))
        .isEqualTo(Provenance.EXTERNAL_UNTRUSTED);
    CliRun.run(fake, "simulate", p.toString(), "write_file", "--provenance", "system")
        .exits(ExitCode.OK);
    assertThat(lastRequest().context().parameterProvenance())
        .isEqualTo(Provenance.SYSTEM_TRUSTED);
    CliRun.run(fake, "simulate", p.toString(), "write_file", "--provenance", "model")
        .exits(ExitCode.OK);
    assertThat(lastRequest().context().parameterProvenance())
        .isEqualTo(Provenance.MODEL_GENERATED);
    CliRun.run(fake, "simulate", p.toString(), "write_file", "--provenance", "trusted")
        .exits(ExitCode.USAGE);
  }

  @Test
  void contextValuesComeFromTheCommandLine() {
    CliRun.run(fake, "simulate", p.toString(), "read_file", "--tenant", "acme",
        "--session-user", "alice", "--attribute", "team=red").exits(ExitCode.OK);
    assertThat(lastRequest().context().tenantId()).isEqualTo("acme");
    assertThat(lastRequest().context().attributes()).containsEntry("team", "red")
        .containsEntry(io.ape.core.policy.PolicyEngine.USER_ATTRIBUTE, "alice");
  }

  @Test
  void failOnMakesTheNamedDecisionsExitOne() {
    CliRun.run(fake, "simulate", p.toString(), "send_email", "--fail-on", "deny")
        .exits(ExitCode.OK);
    CliRun.run(fake, "simulate", p.toString(), "send_email", "--fail-on", "deny,escalate")
        .exits(ExitCode.ERROR);
    CliRun.run(fake, "simulate", p.toString(), "write_file", "-p", "path=/etc/x",
        "--fail-on", "deny").exits(ExitCode.ERROR);
    CliRun.run(fake, "simulate", p.toString(), "read_file", "--fail-on", "allow")
        .exits(ExitCode.USAGE);
  }

  @Test
  void theCommandLinesParametersAreTheRequestsParameters() {
    CliRun.run(fake, "simulate", p.toString(), "write_file", "-p", "path=/tmp/a")
        .exits(ExitCode.OK);
    assertThat(lastRequest().parameters()).isEqualTo(Map.of("path", "/tmp/a"));
  }

  @Test
  void paramValuesAreStringsUnlessTypedWithColonEquals() {
    CliRun.run(fake, "simulate", p.toString(), "write_file", "--param", "size=1024",
        "--param", "mode:=420", "--param", "tags:=[\"a\",\"b\"]", "--param", "note=a=b",
        "--param", "ratio:=0.5").exits(ExitCode.OK);
    Map<String, Object> params = lastRequest().parameters();
    assertThat(params.get("size")).isEqualTo("1024");
    assertThat(params.get("mode")).isEqualTo(420);
    assertThat(params.get("tags")).isEqualTo(List.of("a", "b"));
    assertThat(params.get("note")).isEqualTo("a=b");
    assertThat(params.get("ratio")).isEqualTo(new BigDecimal("0.5"));
  }

  @Test
  void paramsJsonAndParamCombine() {
    CliRun.run(fake, "simulate", p.toString(), "write_file", "--params-json",
        "{\"path\": \"/tmp/x\", \"opts\": {\"append\": true}}", "-p", "mode=w").exits(ExitCode.OK);
    assertThat(lastRequest().parameters()).containsEntry("path", "/tmp/x")
        .containsEntry("opts", Map.of("append", true)).containsEntry("mode", "w");
  }

  @Test
  void aKeyGivenTwiceIsAUsageError() {
    CliRun.Result r = CliRun.run(fake, "simulate", p.toString(), "write_file", "-p", "path=/a",
        "-p", "path=/b").exits(ExitCode.USAGE);
    assertThat(r.err()).contains("'path' is given more than once");
    CliRun.run(fake, "simulate", p.toString(), "write_file", "-p", "path=/a",
        "--params-json", "{\"path\": \"/b\"}").exits(ExitCode.USAGE);
    assertThat(fake.requests).isEmpty();
  }

  @Test
  void duplicateKeysInsideParamsJsonAreAUsageError() {
    CliRun.Result r = CliRun.run(fake, "simulate", p.toString(), "write_file", "--params-json",
        "{\"path\": \"/tmp/a\", \"path\": \"/etc/passwd\"}").exits(ExitCode.USAGE);
    assertThat(r.err()).contains("Duplicate field 'path'");
  }

  @Test
  void malformedParametersAreUsageErrors() {
    String file = p.toString();
    CliRun.run(fake, "simulate", file, "a", "--params-json", "[1, 2]").exits(ExitCode.USAGE);
    CliRun.run(fake, "simulate", file, "a", "--params-json", "{} {}").exits(ExitCode.USAGE);
    CliRun.run(fake, "simulate", file, "a", "--params-json", "{\"x\": NaN}").exits(ExitCode.USAGE);
    CliRun.run(fake, "simulate", file, "a", "-p", "=value").exits(ExitCode.USAGE);
    CliRun.run(fake, "simulate", file, "a", "-p", ":=1").exits(ExitCode.USAGE);
    CliRun.run(fake, "simulate", file, "a", "-p", "n:=not json").exits(ExitCode.USAGE);
    CliRun.run(fake, "simulate", file, "a", "--params-json", "{}", "--params-json", "{}")
        .exits(ExitCode.USAGE);
    assertThat(fake.requests).isEmpty();
  }

  @Test
  void parametersNestedTooDeeplyAreAUsageErrorNotACrash() {
    String deep = "[".repeat(40) + "]".repeat(40);
    CliRun.Result r = CliRun.run(fake, "simulate", p.toString(), "a", "-p", "x:=" + deep)
        .exits(ExitCode.USAGE);
    assertThat(r.err()).contains("nested deeper");
  }

  @Test
  void aMalformedActionIdIsPassedToTheEngineVerbatim() {
    CliRun.run(fake, "simulate", p.toString(), "read_file\n").exits(ExitCode.OK);
    assertThat(lastRequest().actionId()).isEqualTo("read_file\n");
  }

  @Test
  void defaultAllowIsFlaggedOnStderr() {
    CliRun.Result r = CliRun.run(fake, "simulate", dev.toString(), "anything").exits(ExitCode.OK);
    assertThat(r.out()).contains("anything: ALLOW");
    assertThat(r.err()).contains("warning").contains("default allow");
  }
}
