package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command against the real engine and parsers, with small policy files. */
class EngineCommandsTest {
  private static final String SCOPED = """
      name: scoped
      version: "1.0.0"
      default_deny: true
      allowed_actions: [read_file, list_directory]
      forbidden_actions: [rm_rf]
      escalation_required: [delete_file]
      tool_transitions:
        read_file: [write_file]
      rules:
        - id: tmp-writes
          action: write_file
          decision: allow
          conditions:
            path: { path_within: /tmp }
        - id: small-uploads
          action: upload
          decision: allow
          provenance: trusted
          conditions:
            size: { max: 1024 }
      """;

  @TempDir
  Path dir;
  Path scoped;

  @BeforeEach
  void setUp() throws IOException {
    scoped = write("scoped.yaml", SCOPED);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private CliRun.Result ape(String... args) {
    return CliRun.run(CliContext.withEnvironment(new CliEnvironment(Map.of(), false)), args);
  }

  @Test
  void validateAcceptsAValidPolicy() {
    CliRun.Result r = ape("validate", scoped.toString()).exits(ExitCode.OK);
    assertThat(r.out()).contains("valid", "'scoped': 2 allowed, 1 forbidden, 1 escalation, "
        + "2 rules, default deny");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void validateReportsEveryProblemWithFileLineAndColumn() throws IOException {
    Path bad = write("bad.yaml", """
        name: bad
        alowed_actions: [read_file]
        rules:
          - action: write_file
            decision: maybe
        """);
    CliRun.Result r = ape("validate", bad.toString()).exits(ExitCode.INVALID_POLICY);
    assertThat(r.err()).contains(bad + ":2:1").contains("alowed_actions")
        .contains(bad + ":5:15").contains("maybe");
    JsonNode problems = ape("validate", "--json", bad.toString()).json()
        .get("files").get(0).get("error").get("problems");
    assertThat(problems).hasSize(2);
    assertThat(problems.get(1).get("line").asInt()).isEqualTo(5);
    assertThat(problems.get(1).get("column").asInt()).isEqualTo(15);
  }

  @Test
  void aYamlSyntaxErrorIsThreeWithItsLocation() throws IOException {
    Path broken = write("broken.yaml", "name: x\nallowed_actions: [read_file\n");
    CliRun.Result r = ape("simulate", broken.toString(), "read_file").exits(ExitCode.INVALID_POLICY);
    assertThat(r.err()).matches("(?s)error: " + java.util.regex.Pattern.quote(broken.toString())
        + ":\\d+:\\d+.*\n");
  }

  @Test
  void anEmptyFileAndBinaryGarbageAreInvalidPoliciesNotCrashes() throws IOException {
    Path empty = write("empty.yaml", "");
    Path garbage = Files.write(dir.resolve("garbage.yaml"), new byte[] {0, (byte) 0xff, 1, 2, '\n'});
    for (Path p : new Path[] {empty, garbage}) {
      CliRun.Result r = ape("info", p.toString()).exits(ExitCode.INVALID_POLICY);
      assertThat(r.err()).startsWith("error: " + p).doesNotContain("\tat ");
    }
  }

  @Test
  void anUnsupportedExtensionIsThreeAndNamesTheFormats() throws IOException {
    Path txt = write("policy.txt", SCOPED);
    CliRun.Result r = ape("validate", txt.toString()).exits(ExitCode.INVALID_POLICY);
    assertThat(r.err()).contains("unsupported policy format").contains(".yaml").contains(".json");
  }

  @Test
  void aMissingPolicyIsFour() {
    ape("simulate", dir.resolve("nope.yaml").toString(), "read_file")
        .exits(ExitCode.FILE_NOT_FOUND);
  }

  @Test
  void strictRefusesDefaultAllowAndPlaceholders() throws IOException {
    Path dev = write("dev.yaml", "default_decision: allow\nforbidden_actions: [rm_rf]\n");
    CliRun.Result lenient = ape("validate", dev.toString()).exits(ExitCode.OK);
    assertThat(lenient.err()).contains("warning").contains("default allow");
    ape("validate", "--strict", dev.toString()).exits(ExitCode.INVALID_POLICY);

    Path scan = write("scan.yaml", """
        rules:
          - id: fs.read
            action: fs.read_file
            decision: allow
            conditions:
              path: { path_within: ["/TODO-set-allowed-root"] }
          - id: web.fetch
            action: web.fetch
            decision: allow
            conditions:
              url: { domain_in: ["TODO-set-allowed-domains.invalid"] }
        """);
    ape("validate", scan.toString()).exits(ExitCode.OK);
    CliRun.Result strict = ape("validate", "--strict", scan.toString())
        .exits(ExitCode.INVALID_POLICY);
    assertThat(strict.err()).contains(scan + ":6:").contains("TODO-set-allowed-root")
        .contains(scan + ":11:").contains("TODO-set-allowed-domains.invalid");
  }

  @Test
  void simulateShowsTheConditionThatDenied() {
    CliRun.Result r = ape("simulate", scoped.toString(), "write_file", "--param",
        "path=/tmp/../etc/passwd").exits(ExitCode.OK);
    assertThat(r.out()).contains("write_file: DENY", "decided by: NO_RULE_MATCHED",
        "tmp-writes: path path_within");
    JsonNode d = ape("simulate", scoped.toString(), "write_file", "-p", "path=/tmp/a.txt",
        "--json").exits(ExitCode.OK).json();
    assertThat(d.get("decision").asText()).isEqualTo("ALLOW");
    assertThat(d.get("matched_rule").asText()).isEqualTo("tmp-writes");
    assertThat(d.get("policy_version").asText()).hasSize(64);
  }

  @Test
  void userTypedParametersSatisfyAProvenanceTrustedRuleAndUntrustedOnesDoNot() {
    JsonNode d = ape("simulate", scoped.toString(), "upload", "-p", "size:=512",
        "--provenance", "user", "--json").exits(ExitCode.OK).json();
    assertThat(d.get("decision").asText()).isEqualTo("ALLOW");
    // the default, as for the library: EXTERNAL_UNTRUSTED
    JsonNode untrusted = ape("simulate", scoped.toString(), "upload", "-p", "size:=512",
        "--json").exits(ExitCode.OK).json();
    assertThat(untrusted.get("decision").asText()).isEqualTo("DENY");
    JsonNode oneUntrusted = ape("simulate", scoped.toString(), "upload", "-p", "size:=512",
        "--provenance", "user", "--untrusted", "size", "--json").exits(ExitCode.OK).json();
    assertThat(oneUntrusted.get("decision").asText()).isEqualTo("DENY");
    JsonNode tooBig = ape("simulate", scoped.toString(), "upload", "--params-json",
        "{\"size\": 4096}", "--json").json();
    assertThat(tooBig.get("decision").asText()).isEqualTo("DENY");
  }

  @Test
  void aNumericStringIsNotANumber() {
    JsonNode d = ape("simulate", scoped.toString(), "upload", "-p", "size=512", "--json").json();
    assertThat(d.get("decision").asText()).isEqualTo("DENY");
    assertThat(d.get("failed_conditions").get(0).get("reason").asText()).contains("string");
  }

  @Test
  void simulateBatchEvaluatesArgumentsAndFileLines() throws IOException {
    Path batch = write("actions.txt", """
        # one action per line
        read_file
        write_file {"path": "/tmp/out.txt"}
        write_file {"path": "/etc/shadow"}
        """);
    JsonNode doc = ape("simulate-batch", scoped.toString(), "rm_rf", "delete_file", "--file",
        batch.toString(), "--json").exits(ExitCode.OK).json();
    assertThat(doc.get("summary").get("total").asInt()).isEqualTo(5);
    assertThat(doc.get("summary").get("allow").asInt()).isEqualTo(2);
    assertThat(doc.get("summary").get("deny").asInt()).isEqualTo(2);
    assertThat(doc.get("summary").get("escalate").asInt()).isEqualTo(1);
  }

  @Test
  void explainShowsWhichRuleAndWhichConditionsDecided() {
    CliRun.Result r = ape("explain", scoped.toString(), "write_file", "-p", "path=/tmp/a.txt")
        .exits(ExitCode.OK);
    assertThat(r.out()).contains("Steps:", "tmp-writes (allow, line 10): matched",
        "held   path path_within \"/tmp\"", "write_file: ALLOW");
    JsonNode json = ape("explain", scoped.toString(), "write_file", "-p", "path=/etc/passwd",
        "--json").exits(ExitCode.OK).json();
    JsonNode condition = json.get("rules").get(0).get("conditions").get(0);
    assertThat(condition.get("held").asBoolean()).isFalse();
    assertThat(condition.get("argument").asText()).isEqualTo("/tmp");
    assertThat(condition.get("detail").asText()).contains("/etc/passwd");
    assertThat(json.get("decision").get("decision").asText()).isEqualTo("DENY");
  }

  @Test
  void explainShowsThatADenyRuleAppliesToTheParameterLeftOut() throws IOException {
    Path guarded = write("guarded.yaml", """
        rules:
          - id: never-etc
            action: read_file
            decision: deny
            conditions:
              path: { prefix: /etc/ }
          - id: anything-else
            action: read_file
            decision: allow
        """);
    CliRun.Result r = ape("explain", guarded.toString(), "read_file").exits(ExitCode.OK);
    assertThat(r.out()).contains("never-etc (deny, line 2): matched",
        "CANNOT JUDGE path prefix \"/etc/\": cannot judge an absent parameter"
            + " (parameter 'path' is absent)",
        "read_file: DENY", "parameter 'path' is absent, so deny rule 'never-etc' applies");
    assertThat(r.out()).doesNotContain("anything-else (allow");
    JsonNode json = ape("explain", guarded.toString(), "read_file", "--json")
        .exits(ExitCode.OK).json();
    assertThat(json.get("decision").get("decision").asText()).isEqualTo("DENY");
    JsonNode rule = json.get("rules").get(0);
    assertThat(rule.get("matched").asBoolean()).isTrue();
    assertThat(rule.get("conditions").get(0).get("held").asBoolean()).isFalse();
    assertThat(rule.get("conditions").get(0).get("detail").asText())
        .startsWith("cannot judge an absent parameter");
  }

  @Test
  void infoShowsThePolicy() {
    JsonNode info = ape("info", scoped.toString(), "--json").exits(ExitCode.OK).json();
    assertThat(info.get("name").asText()).isEqualTo("scoped");
    assertThat(info.get("default_decision").asText()).isEqualTo("deny");
    assertThat(info.get("rules").get(1).get("provenance").asText()).isEqualTo("trusted");
    assertThat(info.get("tool_transitions").get("read_file").get(0).asText())
        .isEqualTo("write_file");
    assertThat(ape("info", scoped.toString()).out()).contains("tmp-writes: write_file -> allow");
  }

  @Test
  void diffComparesAYamlAndAJsonPolicy() throws IOException {
    Path json = write("scoped.json", """
        {"name": "scoped", "version": "1.0.0", "default_deny": true,
         "allowed_actions": ["read_file"], "forbidden_actions": ["rm_rf", "format_disk"],
         "escalation_required": ["delete_file"],
         "rules": [{"id": "tmp-writes", "action": "write_file", "decision": "escalate",
                    "conditions": {"path": {"path_within": "/tmp"}}}]}
        """);
    JsonNode d = ape("diff", scoped.toString(), json.toString(), "--json").exits(ExitCode.OK)
        .json();
    assertThat(d.get("allowed_actions").get("removed").get(0).asText()).isEqualTo("list_directory");
    assertThat(d.get("forbidden_actions").get("added").get(0).asText()).isEqualTo("format_disk");
    assertThat(d.get("rules").get("removed").get(0).asText()).isEqualTo("small-uploads");
    assertThat(d.get("rules").get("changed").get(0).get("changes").get(0).asText())
        .isEqualTo("decision: allow -> escalate");
    assertThat(d.get("tool_transitions").get(0).get("after").isNull()).isTrue();
  }
}
