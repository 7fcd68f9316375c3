package io.ape.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.CallStatus;
import io.ape.api.RiskLevel;
import io.ape.core.policy.PolicyEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the engine binds for the policy besides the call itself: the session's user for
 * {@code ${session.user}} (the signed log's redaction key is tested in ape-audit, where the
 * signing sink is).
 */
class EngineContextValuesTest {
  static final String HOME_POLICY = """
      name: homes
      default_decision: deny
      rules:
        - action: read_file
          decision: allow
          provenance: any
          conditions:
            path: { path_within: "/home/${session.user}" }
      """;

  @TempDir
  Path dir;
  final List<String> ran = Collections.synchronizedList(new ArrayList<>());

  ApeEngine engine(Map<String, String> configuration) {
    ApeEngine e = ApeEngine.builder()
        .policyFile(EngineTestSupport.write(dir, "homes.yaml", HOME_POLICY))
        .configuration(configuration).clock(EngineTestSupport.clock()).build();
    e.registerTool(ToolRegistration.of("read_file", args -> {
      ran.add(String.valueOf(args.get("path")));
      return "contents";
    }).withRisk(RiskLevel.MINIMAL));
    return e;
  }

  @Test
  void aSessionReadsOnlyItsOwnUsersHomeThroughSessionUser() {
    try (ApeEngine e = engine(Map.of())) {
      AgentSession bob = e.openSession(SessionOptions.forUser("bob"));
      assertThat(bob.call("read_file", Map.of("path", "/home/bob/notes.txt")).status())
          .isEqualTo(CallStatus.EXECUTED);
      assertThat(bob.call("read_file", Map.of("path", "/home/alice/notes.txt")).status())
          .isEqualTo(CallStatus.DENIED);
      assertThat(ran).containsExactly("/home/bob/notes.txt");
    }
  }

  @Test
  void anAttributeNamedLikeTheUserAttributeCannotImpersonateAnotherUser() {
    try (ApeEngine e = engine(Map.of())) {
      AgentSession bob = e.openSession(SessionOptions.forUser("bob")
          .withAttributes(Map.of(PolicyEngine.USER_ATTRIBUTE, "alice")));
      assertThat(bob.call("read_file", Map.of("path", "/home/alice/notes.txt")).status())
          .isEqualTo(CallStatus.DENIED);
      assertThat(ran).isEmpty();
    }
  }
}
