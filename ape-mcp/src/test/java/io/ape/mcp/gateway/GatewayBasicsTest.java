package io.ape.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.AuditEventType;
import io.ape.audit.AuditVerifier;
import io.ape.audit.JsonlAuditSink;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The gateway in front of a fake upstream, through a real MCP SDK client. */
@Timeout(120)
class GatewayBasicsTest {
  @TempDir
  Path dir;

  static final String POLICY = """
      name: gateway_basics
      version: "1"
      default_decision: deny
      rules:
        - action: "fake.echo"
          decision: allow
        - action: "fake.hang"
          decision: allow
      forbidden_actions:
        - "fake.delete_everything"
      """;

  @Test
  void listsOnlyWhatThePolicyCanAllowAndForwardsAllowedCalls() throws Exception {
    try (GatewayHarness h = GatewayHarness.builder(dir).config(GatewayHarness.config(
        GatewayHarness.fakeEntry("fake"))).policy(POLICY).start()) {
      assertThat(h.listedTools()).containsExactlyInAnyOrder("fake.echo", "fake.hang");
      McpSchema.CallToolResult r = h.call("fake.echo", Map.of("text", "hello"));
      assertThat(r.isError()).isNotEqualTo(Boolean.TRUE);
      assertThat(GatewayHarness.text(r)).contains("echo: ").contains("hello");
      assertThat(h.events(AuditEventType.TOKEN_CONSUMED)).isNotEmpty();
    }
  }
}
