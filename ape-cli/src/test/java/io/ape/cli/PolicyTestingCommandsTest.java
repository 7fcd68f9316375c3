package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ape.api.Provenance;
import io.ape.api.RequestContext;
import io.ape.core.policy.PolicyEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy-testing commands of issue 12 against the real engine: the command line decides a
 * call as the library does, {@code ape test}, {@code validate}'s lint, {@code --fail-on}, and
 * HMAC-signed CLI audit logs with {@code --expect-head}.
 */
class PolicyTestingCommandsTest {
  private static final String MONEY = """
      name: money
      rules:
        - id: pay-known
          action: send_money
          decision: allow
          conditions:
            recipient: { provenance: trusted, one_of: [alice, bob] }
            amount: { max: 100 }
        - id: trusted-upload
          action: upload
          decision: allow
          provenance: trusted
          conditions:
            size: { max: 1024 }
        - id: tenant-files
          action: read_file
          decision: allow
          conditions:
            path: { path_within: "/srv/${tenant}" }
      audit:
        redact: [password]
      """;

  @TempDir
  Path dir;
  Path policy;

  @BeforeEach
  void setUp() throws IOException {
    policy = write("money.yaml", MONEY);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  private CliRun.Result ape(String... args) {
    return CliRun.run(CliContext.withEnvironment(new CliEnvironment(Map.of(), false)), args);
  }

  private String cliDecision(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "simulate";
    all[1] = policy.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    String[] withJson = java.util.Arrays.copyOf(all, all.length + 1);
    withJson[all.length] = "--json";
    return ape(withJson).exits(ExitCode.OK).json().get("decision").asText();
  }

  @Test
  void theCommandLineAndTheLibraryDecideTheSameCallTheSameWay() {
    try (PolicyEngine engine = PolicyEngine.fromFile(policy)) {
      Map<String, Object> upload = Map.of("size", 512);
      // no flags = the library's evaluate(action, parameters): untrusted
      assertThat(cliDecision("upload", "-p", "size:=512"))
          .isEqualTo(engine.evaluate("upload", upload).outcome().name()).isEqualTo("DENY");
      assertThat(cliDecision("upload", "-p", "size:=512", "--provenance", "user"))
          .isEqualTo(engine.evaluate("upload", upload, RequestContext.userTrusted()).outcome()
              .name()).isEqualTo("ALLOW");
      Map<String, Object> pay = Map.of("recipient", "alice", "amount", 20);
      RequestContext amountFromADocument = RequestContext.userTrusted()
          .withParameterLabels(Map.of("amount", Provenance.EXTERNAL_UNTRUSTED));
      RequestContext recipientFromADocument = RequestContext.userTrusted()
          .withParameterLabels(Map.of("recipient", Provenance.EXTERNAL_UNTRUSTED));
      assertThat(cliDecision("send_money", "-p", "recipient=alice", "-p", "amount:=20",
          "--provenance", "user", "--untrusted", "amount"))
          .isEqualTo(engine.evaluate("send_money", pay, amountFromADocument).outcome().name())
          .isEqualTo("ALLOW");
      assertThat(cliDecision("send_money", "-p", "recipient=alice", "-p", "amount:=20",
          "--provenance", "user", "--untrusted", "recipient"))
          .isEqualTo(engine.evaluate("send_money", pay, recipientFromADocument).outcome().name())
          .isEqualTo("DENY");
      assertThat(cliDecision("read_file", "-p", "path=/srv/acme/a", "--tenant", "acme"))
          .isEqualTo(engine.evaluate("read_file", Map.of("path", "/srv/acme/a"),
              RequestContext.untrusted().withTenant("acme")).outcome().name())
          .isEqualTo("ALLOW");
    }
  }

  @Test
  void explainUsesTheSameProvenance() {
    JsonNode untrusted = ape("explain", policy.toString(), "upload", "-p", "size:=5", "--json")
        .exits(ExitCode.OK).json();
    assertThat(untrusted.get("decision").get("decision").asText()).isEqualTo("DENY");
    JsonNode user = ape("explain", policy.toString(), "upload", "-p", "size:=5",
        "--provenance", "user", "--json").exits(ExitCode.OK).json();
    assertThat(user.get("decision").get("decision").asText()).isEqualTo("ALLOW");
  }

  // ---------------------------------------------------------------- ape test

  @Test
  void apeTestPassesWhenEveryCaseGetsItsDecision() throws IOException {
    Path cases = write("money.cases.yaml", """
        cases:
          - name: a known recipient typed by the user
            action: send_money
            parameters: {recipient: alice, amount: 20}
            provenance: user
            expect: allow
            rule: pay-known
          - name: a recipient from a document
            action: send_money
            parameters: {recipient: alice, amount: 20}
            provenance: user
            untrusted: [recipient]
            expect: deny
          - action: read_file
            parameters: {path: /srv/acme/x}
            tenant: acme
            expect: allow
          - action: read_file
            parameters: {path: /srv/acme/x}
            expect: deny
        """);
    CliRun.Result r = ape("test", policy.toString(), cases.toString()).exits(ExitCode.OK);
    assertThat(r.out()).contains("PASS  a known recipient typed by the user")
        .contains("4 case(s): 4 passed, 0 failed");
    JsonNode json = ape("test", policy.toString(), cases.toString(), "--json")
        .exits(ExitCode.OK).json();
    assertThat(json.get("passed").asBoolean()).isTrue();
    assertThat(json.get("summary").get("total").asInt()).isEqualTo(4);
    assertThat(json.get("cases").get(2).get("name").asText()).isEqualTo("case 3");
  }

  @Test
  void apeTestExitsOneAndNamesTheCaseThatDidNotGetItsDecision() throws IOException {
    Path cases = write("wrong.cases.yaml", """
        cases:
          - name: untrusted uploads are fine (wrong)
            action: upload
            parameters: {size: 10}
            expect: allow
          - name: right decision, wrong rule
            action: upload
            parameters: {size: 10}
            provenance: user
            expect: allow
            rule: pay-known
        """);
    CliRun.Result r = ape("test", policy.toString(), cases.toString()).exits(ExitCode.ERROR);
    assertThat(r.out()).contains("FAIL  untrusted uploads are fine (wrong): expected ALLOW,"
        + " got DENY by rule 'trusted-upload'")
        .contains("FAIL  right decision, wrong rule: expected ALLOW by rule 'pay-known', got"
            + " ALLOW by rule 'trusted-upload'")
        .contains("2 case(s): 0 passed, 2 failed");
    JsonNode json = ape("test", policy.toString(), cases.toString(), "--json")
        .exits(ExitCode.ERROR).json();
    assertThat(json.get("passed").asBoolean()).isFalse();
    assertThat(json.get("cases").get(0).get("decision").get("decision").asText())
        .isEqualTo("DENY");
  }

  @Test
  void aBadCasesFileIsAnInvalidInputNamingTheCase() throws IOException {
    for (String bad : List.of("cases: []", "not: a cases file",
        "cases:\n  - action: read_file\n", "cases:\n  - action: read_file\n    expect: maybe\n",
        "cases:\n  - action: read_file\n    expect: allow\n    colour: red\n",
        "cases:\n  - action: read_file\n    expect: allow\n    provenance: trusted\n",
        "cases:\n  - action: read_file\n    expect: allow\n    expect: deny\n",
        "cases:\n  - {action: read_file, expect: allow, parameters: [1]}\n", "[unclosed")) {
      Path cases = write("bad.cases.yaml", bad);
      CliRun.Result r = ape("test", policy.toString(), cases.toString())
          .exits(ExitCode.INVALID_POLICY);
      assertThat(r.err()).as(bad).contains("bad.cases.yaml");
    }
    ape("test", policy.toString(), dir.resolve("missing.yaml").toString())
        .exits(ExitCode.FILE_NOT_FOUND);
  }

  // ---------------------------------------------------------------- validate lint

  @Test
  void validateWarnsAboutShadowedRulesTyposAndParametersTheActionLacks() throws IOException {
    Path lint = write("lint.yaml", """
        allowed_actions: [reed_file]
        rules:
          - id: srv
            action: read_file
            decision: allow
            conditions:
              path: { path_within: /srv }
          - id: no-secrets
            action: read_file
            decision: deny
            conditions:
              path: { path_within: /srv/secrets }
          - id: mail
            action: send_email
            decision: allow
            conditions:
              recipients: { each: { email_domain_in: [acme.com] } }
          - id: my-tool
            action: github.create_issue
            decision: allow
        """);
    CliRun.Result r = ape("validate", lint.toString()).exits(ExitCode.OK);
    assertThat(r.err()).contains("rule 'no-secrets' (deny) is shadowed by rule 'srv'")
        .contains("'reed_file' is not an action of the action repository (a typo?); did you"
            + " mean 'read_file'?")
        .contains("condition on parameter 'recipients', which action 'send_email' does not have")
        .doesNotContain("github.create_issue");
    ape("validate", "--strict", lint.toString()).exits(ExitCode.INVALID_POLICY);
    CliRun.Result none = ape("validate", "--actions", "none", lint.toString())
        .exits(ExitCode.OK);
    assertThat(none.err()).doesNotContain("reed_file").contains("shadowed");
    Path actions = write("actions.json", """
        {"actions": [{"id": "read_file", "parameters": [{"name": "path"}]},
                     {"id": "send_email", "parameters": ["to", "recipients"]}]}
        """);
    CliRun.Result custom = ape("validate", "--actions", actions.toString(), lint.toString())
        .exits(ExitCode.OK);
    assertThat(custom.err()).contains("'github.create_issue' is not an action")
        .doesNotContain("'recipients', which");
  }

  // ---------------------------------------------------------------- signed CLI audit logs

  @Test
  void theCliWritesHmacSignedLogsWithKeyedRedactionAndVerifyChecksTheHead() throws IOException {
    Path key = Files.write(dir.resolve("audit.key"),
        "0123456789abcdef0123456789abcdef-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Path log = dir.resolve("audit.jsonl");
    for (int i = 0; i < 2; i++) {
      ape("simulate", policy.toString(), "login", "-p", "password=hunter2", "--audit-log",
          log.toString(), "--audit-key-file", key.toString()).exits(ExitCode.OK);
    }
    String content = Files.readString(log);
    assertThat(content).doesNotContain("hunter2").contains("\"mac\":")
        .contains("\"password\":\"hmac-sha256:");
    List<String> redacted = content.lines().filter(l -> l.contains("hmac-sha256:"))
        .map(l -> l.replaceAll(".*\"password\":\"(hmac-sha256:[0-9a-f]+)\".*", "$1")).toList();
    assertThat(redacted).hasSize(2);
    assertThat(redacted.get(0)).isEqualTo(redacted.get(1)); // same key, same value: correlates
    JsonNode verified = ape("audit", "verify", log.toString(), "--hmac-key-file",
        key.toString(), "--json").exits(ExitCode.OK).json();
    assertThat(verified.get("macVerified").asBoolean()).isTrue();
    String head = verified.get("head").get("hash").asText();
    ape("audit", "verify", log.toString(), "--expect-head", head).exits(ExitCode.OK);
    CliRun.Result text = ape("audit", "verify", log.toString());
    assertThat(text.out()).contains("(head " + head + ")");
    // one more decision: the old head no longer ends the log
    ape("simulate", policy.toString(), "login", "--audit-log", log.toString(),
        "--audit-key-file", key.toString()).exits(ExitCode.OK);
    CliRun.Result moved = ape("audit", "verify", log.toString(), "--expect-head", head)
        .exits(ExitCode.INVALID_POLICY);
    assertThat(moved.out()).contains("HEAD_MISMATCH");
    ape("audit", "verify", log.toString(), "--expect-head", "abc").exits(ExitCode.USAGE);
    ape("simulate", policy.toString(), "login", "--audit-key-file", key.toString())
        .exits(ExitCode.USAGE);
  }

  @Test
  void cutOffRecordsAreFoundWithTheExpectedHead() throws IOException {
    Path log = dir.resolve("cut.jsonl");
    for (int i = 0; i < 3; i++) {
      ape("simulate", policy.toString(), "upload", "-p", "size:=" + i, "--audit-log",
          log.toString()).exits(ExitCode.OK);
    }
    String head = ape("audit", "verify", log.toString(), "--json").exits(ExitCode.OK).json()
        .get("head").get("hash").asText();
    List<String> lines = Files.readAllLines(log);
    Files.write(log, lines.subList(0, lines.size() - 1));
    ape("audit", "verify", log.toString()).exits(ExitCode.OK); // the chain alone cannot tell
    ape("audit", "verify", log.toString(), "--expect-head", head).exits(ExitCode.INVALID_POLICY);
  }
}
