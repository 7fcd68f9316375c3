package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ape audit verify|show|replay|stats} and {@code --audit-log}, with the real engine. */
class AuditCommandsTest {
  private static final String POLICY = """
      name: scoped
      version: "1.0.0"
      default_deny: true
      allowed_actions: [read_file, list_directory, login]
      forbidden_actions: [rm_rf]
      rules:
        - id: tmp-writes
          action: write_file
          decision: allow
          conditions:
            path: { path_within: /tmp }
      audit:
        redact: [password]
      """;
  /** Stricter: read_file is no longer allowed. */
  private static final String STRICTER = POLICY.replace("[read_file, list_directory, login]",
      "[list_directory, login]");

  @TempDir
  Path dir;
  Path policy;
  Path stricter;
  Path log;
  CliContext context;

  @BeforeEach
  void setUp() throws IOException {
    policy = Files.writeString(dir.resolve("policy.yaml"), POLICY);
    stricter = Files.writeString(dir.resolve("stricter.yaml"), STRICTER);
    log = dir.resolve("audit.jsonl");
    context = CliContext.withEnvironment(new CliEnvironment(Map.of(), false));
  }

  private CliRun.Result run(String... args) {
    return CliRun.run(context, args);
  }

  private void produceLog() throws IOException {
    Path actions = Files.writeString(dir.resolve("actions.txt"), """
        read_file {"path": "/tmp/a"}
        write_file {"path": "/etc/passwd"}
        write_file {"path": "/tmp/out.txt"}
        rm_rf
        login {"user": "ann", "password": "hunter2-secret"}
        """);
    run("simulate-batch", policy.toString(), "--file", actions.toString(),
        "--audit-log", log.toString(), "--provenance", "user").exits(ExitCode.OK);
  }

  private List<String> lines() throws IOException {
    return new ArrayList<>(Files.readAllLines(log, StandardCharsets.UTF_8));
  }

  private void writeLines(List<String> lines) throws IOException {
    Files.writeString(log, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  @Test
  void endToEndSimulateVerifyTamperReplay() throws IOException {
    run("simulate", policy.toString(), "read_file", "-p", "path=/tmp/x",
        "--audit-log", log.toString()).exits(ExitCode.OK);
    produceLog();

    CliRun.Result ok = run("audit", "verify", log.toString()).exits(ExitCode.OK);
    assertThat(ok.out()).startsWith("INTACT: 8 record(s)");

    byte[] bytes = Files.readAllBytes(log);
    String text = new String(bytes, StandardCharsets.UTF_8);
    int at = text.indexOf("/etc/passwd");
    bytes[at + 1] = (byte) 'E';
    Files.write(log, bytes);
    CliRun.Result bad = run("audit", "verify", log.toString()).exits(ExitCode.INVALID_POLICY);
    assertThat(bad.out()).startsWith("TAMPERED").contains("first bad record").contains("line");

    Files.writeString(log, text);
    run("audit", "replay", log.toString(), "--policy", policy.toString()).exits(ExitCode.OK);
    CliRun.Result changed = run("audit", "replay", log.toString(), "--policy",
        stricter.toString()).exits(ExitCode.ERROR);
    assertThat(changed.out()).contains("2 changed").contains("read_file");
  }

  @Test
  void replayJsonListsTheChanges() throws IOException {
    produceLog();
    JsonNode json = run("audit", "replay", log.toString(), "--policy", stricter.toString(),
        "--json").exits(ExitCode.ERROR).json();
    assertThat(json.get("changed").asBoolean()).isTrue();
    assertThat(json.get("replayed").asLong()).isEqualTo(5);
    assertThat(json.get("changes")).hasSize(1);
  }

  @Test
  void replayKeepsTheRecordedProvenanceSoTrustedRulesStillMatch() throws IOException {
    produceLog();
    assertThat(Files.readString(log)).contains("\"parameters_provenance\":\"USER_TRUSTED\"");
  }

  @Test
  void redactedParametersNeverReachTheFile() throws IOException {
    produceLog();
    String content = Files.readString(log);
    assertThat(content).doesNotContain("hunter2-secret").contains("\"user\":\"ann\"");
  }

  @Test
  void verifyJsonIsOneDocumentNamingTheFirstBadRecord() throws IOException {
    produceLog();
    List<String> lines = lines();
    String second = lines.get(2);
    lines.set(2, lines.get(3));
    lines.set(3, second);
    writeLines(lines);
    CliRun.Result r = run("audit", "verify", log.toString(), "--json")
        .exits(ExitCode.INVALID_POLICY);
    JsonNode json = r.json();
    assertThat(json.get("status").asText()).isEqualTo("TAMPERED");
    assertThat(json.get("passed").asBoolean()).isFalse();
    assertThat(json.get("finding").get("problem").asText()).isNotEmpty();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void deletedLineIsDetected() throws IOException {
    produceLog();
    List<String> lines = lines();
    lines.remove(2);
    writeLines(lines);
    run("audit", "verify", log.toString()).exits(ExitCode.INVALID_POLICY);
  }

  @Test
  void truncatedEndIsDetectedAsTornTailButPasses() throws IOException {
    produceLog();
    String content = Files.readString(log);
    Files.writeString(log, content.substring(0, content.length() - 20));
    CliRun.Result r = run("audit", "verify", log.toString()).exits(ExitCode.OK);
    assertThat(r.out()).startsWith("INTACT (torn last line)").contains("note:");
  }

  @Test
  void forgedAppendedLineIsDetected() throws IOException {
    produceLog();
    List<String> lines = lines();
    lines.add(lines.get(lines.size() - 1));
    writeLines(lines);
    run("audit", "verify", log.toString()).exits(ExitCode.INVALID_POLICY);
  }

  @Test
  void missingFilesExitFour() throws IOException {
    run("audit", "verify", dir.resolve("nope.jsonl").toString()).exits(ExitCode.FILE_NOT_FOUND);
    produceLog();
    run("audit", "verify", log.toString(), "--hmac-key-file", dir.resolve("nokey").toString())
        .exits(ExitCode.FILE_NOT_FOUND);
    run("audit", "show", dir.resolve("nope.jsonl").toString()).exits(ExitCode.FILE_NOT_FOUND);
    run("audit", "stats", dir.resolve("nope.jsonl").toString()).exits(ExitCode.FILE_NOT_FOUND);
    run("audit", "replay", dir.resolve("nope.jsonl").toString(), "--policy", policy.toString())
        .exits(ExitCode.FILE_NOT_FOUND);
    run("audit", "replay", log.toString(), "--policy", dir.resolve("nope.yaml").toString())
        .exits(ExitCode.FILE_NOT_FOUND);
    JsonNode json = run("audit", "verify", dir.resolve("nope.jsonl").toString(), "--json")
        .exits(ExitCode.FILE_NOT_FOUND).json();
    assertThat(json.get("error").get("type").asText()).isEqualTo("file_not_found");
  }

  @Test
  void hmacKeyIsCheckedWhenGiven() throws IOException {
    produceLog();
    Path key = Files.write(dir.resolve("key"), new byte[32]);
    CliRun.Result r = run("audit", "verify", log.toString(), "--hmac-key-file", key.toString())
        .exits(ExitCode.INVALID_POLICY);
    assertThat(r.out()).contains("TAMPERED");
  }

  @Test
  void showFiltersByDecisionAndAction() throws IOException {
    produceLog();
    JsonNode denies = run("audit", "show", log.toString(), "--decision", "DENY", "--json")
        .exits(ExitCode.OK).json();
    assertThat(denies.get("matched").asLong()).isEqualTo(2);
    assertThat(denies.get("scanned").asLong()).isEqualTo(6);
    for (JsonNode rec : denies.get("records")) {
      assertThat(rec.toString()).contains("DENY");
    }
    CliRun.Result text = run("audit", "show", log.toString(), "--action", "write_file")
        .exits(ExitCode.OK);
    assertThat(text.out()).contains("write_file").doesNotContain("rm_rf")
        .contains("2 of 6 record(s) shown");
    JsonNode none = run("audit", "show", log.toString(), "--since", "2999-01-01", "--json")
        .exits(ExitCode.OK).json();
    assertThat(none.get("matched").asLong()).isZero();
    JsonNode all = run("audit", "show", log.toString(), "--since", "2000-01-01T00:00:00Z",
        "--session", "", "--type", "decision", "--json").exits(ExitCode.OK).json();
    assertThat(all.get("matched").asLong()).isEqualTo(5);
  }

  @Test
  void showRejectsMalformedFilters() throws IOException {
    produceLog();
    run("audit", "show", log.toString(), "--decision", "maybe").exits(ExitCode.USAGE);
    run("audit", "show", log.toString(), "--since", "yesterday").exits(ExitCode.USAGE);
    run("audit", "show", log.toString(), "--type", "NOPE").exits(ExitCode.USAGE);
    JsonNode json = run("audit", "show", log.toString(), "--since", "x", "--json")
        .exits(ExitCode.USAGE).json();
    assertThat(json.get("error").get("type").asText()).isEqualTo("usage");
  }

  @Test
  void statsCountsDecisions() throws IOException {
    produceLog();
    CliRun.Result text = run("audit", "stats", log.toString()).exits(ExitCode.OK);
    assertThat(text.out()).contains("write_file");
    JsonNode json = run("audit", "stats", log.toString(), "--json").exits(ExitCode.OK).json();
    assertThat(json.toString()).contains("DENY").contains("tmp-writes");
    run("audit", "stats", log.toString(), "--bucket", "forever").exits(ExitCode.USAGE);
    run("audit", "stats", log.toString(), "--bucket", "PT0S").exits(ExitCode.USAGE);
  }

  @Test
  void simulateContinuesAnExistingLog() throws IOException {
    produceLog();
    run("simulate", policy.toString(), "rm_rf", "--audit-log", log.toString(), "--json")
        .exits(ExitCode.OK).json();
    assertThat(lines()).hasSize(8);
    run("audit", "verify", log.toString()).exits(ExitCode.OK);
  }

  @Test
  void anAuditLogThatCannotBeWrittenFailsTheCommandWithoutADecision() throws IOException {
    Path directory = Files.createDirectory(dir.resolve("adir"));
    CliRun.Result r = run("simulate", policy.toString(), "read_file", "--audit-log",
        directory.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(r.out()).doesNotContain("ALLOW");
    CliRun.Result batch = run("simulate-batch", policy.toString(), "read_file", "--audit-log",
        directory.toString());
    assertThat(batch.exitCode()).isEqualTo(ExitCode.ERROR);
    assertThat(batch.out()).doesNotContain("ALLOW");
  }

  @Test
  void auditWithoutSubcommandIsAUsageError() {
    run("audit").exits(ExitCode.USAGE);
    run("audit", "frobnicate").exits(ExitCode.USAGE);
    run("audit", "replay", "x.jsonl").exits(ExitCode.USAGE);
  }
}
