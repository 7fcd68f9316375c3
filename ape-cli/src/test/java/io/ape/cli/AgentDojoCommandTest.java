package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ape agentdojo}: wiring, output modes and failures (the benchmark data is not needed). */
class AgentDojoCommandTest {
  /** A data directory in AgentDojo's format with the banking suite and no tasks. */
  private static Path emptyBanking(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("tasks.json"), "{\"banking\": {\"user_tasks\": [], \"injection_tasks\": [],"
        + " \"added_in_later_versions\": {\"user_tasks\": [], \"injection_tasks\": []}}}");
    Files.writeString(dir.resolve("tools.json"), "{\"tools\": [], \"suites\": {\"banking\": {\"tools\": []}}}");
    Files.writeString(dir.resolve("attacks.json"),
        "{\"important_instructions\": {\"template\": \"{goal}\", \"user_name\": \"Emma Johnson\"}}");
    Path suite = Files.createDirectories(dir.resolve("data/banking"));
    Files.writeString(suite.resolve("environment.yaml"), String.join("\n",
        "bank_account: {balance: 1, iban: X, transactions: [], scheduled_transactions: []}",
        "filesystem: {files: {a.txt: '{injection_a}'}}",
        "user_account: {first_name: E, last_name: J, street: S, city: C, password: p}", ""));
    Files.writeString(suite.resolve("injection_vectors.yaml"), "injection_a: {description: d, default: ''}\n");
    return dir;
  }

  @Test
  void printsTheTableAndTheJsonDocument(@TempDir Path tmp) throws Exception {
    Path data = emptyBanking(tmp.resolve("data-dir"));
    CliRun.Result table = CliRun.run(new FakePolicies(), "agentdojo", "--data", data.toString()).exits(ExitCode.OK);
    assertThat(table.out()).contains("AgentDojo v1", "banking", "total");
    Path file = tmp.resolve("out.json");
    CliRun.Result json = CliRun.run(new FakePolicies(), "agentdojo", "--data", data.toString(), "--json",
        "-o", file.toString()).exits(ExitCode.OK);
    assertThat(json.json().at("/summary/ape/total/pairs").asInt()).isZero();
    assertThat(Files.readString(file)).contains("\"benchmark\" : \"agentdojo\"");
    CliRun.run(new FakePolicies(), "agentdojo", "--data", data.toString(), "-o", file.toString())
        .exits(ExitCode.ERROR);
    CliRun.Result self = CliRun.run(new FakePolicies(), "agentdojo", "--data", data.toString(), "--self-test")
        .exits(ExitCode.OK);
    assertThat(self.out()).contains("banking", "ok");
  }

  @Test
  void failsWithTheDocumentedExitCodes(@TempDir Path tmp) throws Exception {
    CliRun.run(new FakePolicies(), "agentdojo").exits(ExitCode.USAGE);
    CliRun.run(new FakePolicies(), "agentdojo", "--data", tmp.resolve("nope").toString())
        .exits(ExitCode.FILE_NOT_FOUND);
    CliRun.Result bad = CliRun.run(new FakePolicies(), "agentdojo", "--data", tmp.toString(), "--json")
        .exits(ExitCode.INVALID_POLICY);
    assertThat(bad.json().at("/error/type").asText()).isEqualTo("invalid_benchmark_data");
    Path data = emptyBanking(tmp.resolve("d"));
    CliRun.run(new FakePolicies(), "agentdojo", "--data", data.toString(), "--version", "v9")
        .exits(ExitCode.INVALID_POLICY);
    CliRun.run(new FakePolicies(), "agentdojo", "--data", data.toString(), "--suite", "chess")
        .exits(ExitCode.INVALID_POLICY);
    CliRun.run(new FakePolicies(), "agentdojo", "--data", data.toString(), "--injections",
        tmp.resolve("none.json").toString()).exits(ExitCode.FILE_NOT_FOUND);
  }

  @Test
  void hasHelpWithExamples() {
    CliRun.Result r = CliRun.run(new FakePolicies(), "agentdojo", "--help").exits(ExitCode.OK);
    assertThat(r.out()).contains("Usage: ape agentdojo", "Examples:", "  ape agentdojo --data");
  }
}
