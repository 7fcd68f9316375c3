package io.ape.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.CallStatus;
import io.ape.api.RiskLevel;
import io.ape.core.audit.KeyedRedaction;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import io.ape.engine.ToolRegistration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed log ({@code ape.audit.hmac.key-file}) redacts with a key derived from its own HMAC
 * key: equal values correlate in every log signed with that key, the value is no bare hash a
 * dictionary reverses, and another key gives another value.
 */
class SignedLogRedactionTest {
  static final String POLICY = """
      name: signed
      default_decision: deny
      rules:
        - action: login
          decision: allow
          provenance: any
      audit:
        redact: [password]
      """;

  @TempDir
  Path dir;

  @Test
  void aRedactedPasswordIsKeyedByTheLogsHmacKeyAndTheLogVerifies() throws Exception {
    Path key = write("audit.key", "0123456789abcdef0123456789abcdef-first-key");
    Path otherKey = write("other.key", "fedcba9876543210fedcba9876543210-other-key");
    String first = redactedPassword(key, "a.jsonl");
    String again = redactedPassword(key, "b.jsonl");
    String other = redactedPassword(otherKey, "c.jsonl");

    assertThat(first).startsWith(KeyedRedaction.PREFIX).doesNotContain("hunter2")
        .isEqualTo(again).isNotEqualTo(other);
    assertThat(AuditVerifier.builder().hmacKeyFile(key).build()
        .verify(List.of(dir.resolve("a.jsonl"))).passed()).isTrue();
  }

  private String redactedPassword(Path key, String log) throws Exception {
    Path file = dir.resolve(log);
    try (ApeEngine engine = ApeEngine.builder().policyFile(write("signed.yaml", POLICY))
        .configuration(Map.of("ape.audit.sinks", "jsonl",
            "ape.audit.jsonl.path", file.toString(),
            "ape.audit.hmac.key-file", key.toString()))
        .build()) {
      engine.registerTool(ToolRegistration.of("login", args -> "ok").withRisk(RiskLevel.LOW));
      AgentSession s = engine.openSession(SessionOptions.forUser("bob"));
      assertThat(s.call("login", Map.of("user", "bob", "password", "hunter2")).status())
          .isEqualTo(CallStatus.EXECUTED);
    }
    String text = Files.readString(file);
    assertThat(text).doesNotContain("hunter2");
    int at = text.indexOf(KeyedRedaction.PREFIX);
    assertThat(at).isNotNegative();
    return text.substring(at, text.indexOf('"', at));
  }

  private Path write(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }
}
