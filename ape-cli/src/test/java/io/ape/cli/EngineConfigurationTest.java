package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ape.api.CallStatus;
import io.ape.api.GuardedCallResult;
import io.ape.api.RiskLevel;
import io.ape.audit.AuditVerifier;
import io.ape.audit.VerificationResult;
import io.ape.core.orchestrator.ApeOrchestrator;
import io.ape.core.orchestrator.OrchestrationResult;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import io.ape.engine.ToolRegistration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine issue's "done when": a configuration file with {@code ape.audit.sinks=jsonl} makes
 * a real orchestrator (and the guarded call) write a hash-chained log that the verifier and
 * {@code ape audit verify} accept; and {@code --config} on the commands that build an engine.
 */
class EngineConfigurationTest {
  private static final String POLICY = "name: files\ndefault_decision: deny\n"
      + "forbidden_actions: [delete_file]\n"
      + "rules:\n  - id: read-tmp\n    action: read_file\n    decision: allow\n"
      + "    conditions:\n      path: { path_within: /tmp }\n";

  @TempDir
  Path dir;

  private Path policy() throws IOException {
    return Files.writeString(dir.resolve("files.yaml"), POLICY);
  }

  private Path properties(Path log) throws IOException {
    return Files.writeString(dir.resolve("ape.properties"), "ape.audit.sinks=jsonl\n"
        + "ape.audit.jsonl.path=" + log.toString().replace("\\", "/") + "\n"
        + "ape.audit.jsonl.durability=per-record\n");
  }

  private CliRun.Result ape(String... args) {
    return CliRun.run(CliContext.withEnvironment(new CliEnvironment(Map.of(), false)), args);
  }

  @Test
  void aPropertiesFileWithTheJsonlSinkMakesTheOrchestratorWriteAVerifiableLog() throws IOException {
    Path log = dir.resolve("audit.jsonl");
    ApeEngine engine = ApeEngine.builder().policyFile(policy())
        .configurationFile(properties(log)).build();
    try {
      engine.registerTool("read_file", args -> "contents of " + args.get("path"));
      engine.registerTool("delete_file", args -> "deleted");
      ApeOrchestrator orchestrator = engine.orchestrator();
      OrchestrationResult read = orchestrator.execute("Read the file /tmp/a.txt");
      assertThat(read.success()).as(read.error()).isTrue();
      assertThat(orchestrator.execute("Delete the file /tmp/a.txt").success()).isFalse();

      engine.registerTool(ToolRegistration.of("note", args -> "noted").withRisk(RiskLevel.LOW));
      AgentSession session = engine.openSession(SessionOptions.forUser("alice"));
      GuardedCallResult call = session.call("read_file", Map.of("path", "/tmp/b.txt"));
      assertThat(call.status()).isEqualTo(CallStatus.EXECUTED);
    } finally {
      engine.close();
    }
    long events = engine.auditEvents().events().size();
    VerificationResult verified = AuditVerifier.withoutKey().verify(List.of(log));
    assertThat(verified.passed()).as(verified.toText()).isTrue();
    assertThat(verified.records()).isEqualTo(events);
    assertThat(Files.readString(log)).contains("\"correlation_id\"", "TOOL_EXECUTION_FINISHED",
        "POLICY_LOADED", "SESSION_ENDED");

    CliRun.Result cli = ape("audit", "verify", log.toString()).exits(ExitCode.OK);
    assertThat(cli.out()).isNotBlank();
  }

  @Test
  void theOrchestratorBuilderTakesTheSameSettings() throws IOException {
    Path log = dir.resolve("orchestrator.jsonl");
    try (ApeOrchestrator o = ApeOrchestrator.builder().policyFile(policy())
        .property("ape.audit.sinks", "jsonl").property("ape.audit.jsonl.path", log.toString())
        .tool("read_file", args -> "x").build()) {
      assertThat(o.execute("Read the file /tmp/a.txt").success()).isTrue();
    }
    assertThat(AuditVerifier.withoutKey().verify(List.of(log)).passed()).isTrue();
  }

  @Test
  void demoWithConfigWritesTheConfiguredLog() throws IOException {
    Path log = dir.resolve("demo.jsonl");
    JsonNode doc = ape("demo", "--json", "--config", properties(log).toString())
        .exits(ExitCode.OK).json();
    assertThat(doc.get("safe").asBoolean()).isTrue();
    assertThat(doc.get("audit_log").asText()).isEqualTo(log.toString().replace("\\", "/"));
    assertThat(AuditVerifier.withoutKey().verify(List.of(log)).passed()).isTrue();
    ape("audit", "verify", log.toString()).exits(ExitCode.OK);
  }

  @Test
  void aBadConfigurationFileIsAConfigurationErrorNamingTheKey() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.properties"), "ape.audit.sink=jsonl\n");
    CliRun.Result r = ape("demo", "--config", bad.toString());
    assertThat(r.exitCode()).isNotEqualTo(ExitCode.OK);
    assertThat(r.err()).contains("ape.audit.sink");
    ape("demo", "--config", dir.resolve("missing.properties").toString()).exits(4);
    CliRun.Result tp = ape("test-prompt", policy().toString(), "Read the file /tmp/a.txt",
        "--config", bad.toString());
    assertThat(tp.exitCode()).isNotEqualTo(ExitCode.OK);
    assertThat(tp.err()).contains("ape.audit.sink");
  }

  @Test
  void testPromptWithConfigUsesTheEnginesCompilerAndPolicy() throws IOException {
    Path yaml = Files.writeString(dir.resolve("ape.yaml"),
        "ape:\n  compiler: patterns\n  tenant: acme\n");
    JsonNode doc = ape("test-prompt", policy().toString(), "Read the file /tmp/a.txt", "--json",
        "--config", yaml.toString()).exits(ExitCode.OK).json();
    assertThat(doc.get("verdict").asText()).isEqualTo("would run");
    assertThat(doc.get("policy").asText()).isEqualTo("files");
    JsonNode denied = ape("test-prompt", policy().toString(), "Delete the file /tmp/a.txt",
        "--json", "--config", yaml.toString()).exits(ExitCode.OK).json();
    assertThat(denied.get("verdict").asText()).isEqualTo("denied");
  }
}
