package io.ape.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.AuditEvent;
import io.ape.api.AuditEventType;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy side of the gateway: resources and prompts are denied unless the policy names their
 * action; a policy file that changes is reloaded (validated before the swap: an invalid file keeps
 * the old policy and is audited), and the listing follows.
 */
@Timeout(180)
class GatewayPolicyTest {
  @TempDir
  Path dir;

  static final String ECHO_ONLY = """
      name: echo_only
      version: "1"
      default_decision: deny
      allowed_actions: ["fake.echo"]
      """;

  static final String WITH_RESOURCES = """
      name: with_resources
      version: "2"
      default_decision: deny
      allowed_actions: ["fake.prompts:get"]
      rules:
        - action: "fake.resources:read"
          decision: allow
          conditions:
            uri: { prefix: ["fake://"] }
      """;

  private GatewayHarness start(String policy) throws Exception {
    return GatewayHarness.builder(dir).config(GatewayHarness.config(GatewayHarness.fakeEntry("fake")))
        .policy(policy).start();
  }

  @Test
  void resourcesAndPromptsAreDeniedByDefault() throws Exception {
    try (GatewayHarness h = start(ECHO_ONLY)) {
      assertThat(h.client.listResources().resources()).isEmpty();
      assertThat(h.client.listPrompts().prompts()).isEmpty();
      assertThatThrownBy(() -> h.client.readResource(McpSchema.ReadResourceRequest.builder("fake://doc").build()))
          .isInstanceOf(McpError.class);
    }
  }

  @Test
  void resourcesAndPromptsAreForwardedAsGuardedCallsWhenThePolicyNamesThem() throws Exception {
    try (GatewayHarness h = start(WITH_RESOURCES)) {
      assertThat(h.client.listResources().resources()).extracting(McpSchema.Resource::uri)
          .containsExactly("fake://doc");
      McpSchema.ReadResourceResult doc = h.client.readResource(
          McpSchema.ReadResourceRequest.builder("fake://doc").build());
      assertThat(((McpSchema.TextResourceContents) doc.contents().get(0)).text()).isEqualTo("the document");
      assertThat(h.client.listPrompts().prompts()).extracting(McpSchema.Prompt::name).containsExactly("fake.greet");
      McpSchema.GetPromptResult p = h.client.getPrompt(McpSchema.GetPromptRequest.builder("fake.greet")
          .arguments(Map.of("who", "Ada")).build());
      assertThat(((McpSchema.TextContent) p.messages().get(0).content()).text()).isEqualTo("Hello Ada");
      assertThat(h.events(AuditEventType.TOKEN_CONSUMED)).extracting(AuditEvent::actionId)
          .containsExactly("fake.resources:read", "fake.prompts:get");
    }
  }

  @Test
  void aChangedPolicyFileIsReloadedAndTheListingFollows() throws Exception {
    try (GatewayHarness h = start(ECHO_ONLY);
        PolicyFileWatcher watcher = PolicyFileWatcher.watch(h.dir.resolve("policy.yaml"),
            Duration.ofMillis(100), h.gateway::reloadPolicy)) {
      String before = h.guard.policyEngine().policyVersion();
      assertThat(h.listedTools()).containsExactly("fake.echo");
      Files.writeString(h.dir.resolve("policy.yaml"), ECHO_ONLY.replace("[\"fake.echo\"]",
          "[\"fake.echo\", \"fake.mutate\"]"), StandardCharsets.UTF_8);
      AuditEvent reloaded = h.awaiting.awaitGatewayEvent("policy_reloaded", Duration.ofSeconds(30));
      assertThat(reloaded.type()).isEqualTo(AuditEventType.POLICY_RELOADED);
      assertThat(reloaded.reason()).contains(before);
      // the listing changes right after the reload event; its own event says when
      h.awaiting.await(e -> "tool_listed".equals(e.details().get(McpGateway.EVENT_DETAIL))
          && "fake.mutate".equals(e.actionId()), Duration.ofSeconds(30));
      assertThat(h.listedTools()).containsExactlyInAnyOrder("fake.echo", "fake.mutate");
      assertThat(GatewayHarness.text(h.call("fake.mutate", Map.of()))).isEqualTo("mutated");
    }
  }

  @Test
  void anInvalidPolicyFileKeepsTheOldPolicyAndIsAudited() throws Exception {
    try (GatewayHarness h = start(ECHO_ONLY);
        PolicyFileWatcher watcher = PolicyFileWatcher.watch(h.dir.resolve("policy.yaml"),
            Duration.ofMillis(100), h.gateway::reloadPolicy)) {
      String before = h.guard.policyEngine().policyVersion();
      Files.writeString(h.dir.resolve("policy.yaml"), "name: broken\ndefault_decision: allow-everything\n",
          StandardCharsets.UTF_8);
      AuditEvent failed = h.awaiting.awaitGatewayEvent("policy_reload_failed", Duration.ofSeconds(30));
      assertThat(failed.type()).isEqualTo(AuditEventType.POLICY_RELOAD_FAILED);
      assertThat(failed.policyVersion()).isEqualTo(before);
      assertThat(h.guard.policyEngine().policyVersion()).isEqualTo(before);
      assertThat(h.listedTools()).containsExactly("fake.echo");
      assertThat(h.call("fake.echo", Map.of("text", "still")).isError()).isNotEqualTo(Boolean.TRUE);
      assertThat(h.call("fake.mutate", Map.of()).isError()).isTrue();
    }
  }

  @Test
  void aReloadThatRevokesAToolHidesIt() throws Exception {
    try (GatewayHarness h = start(ECHO_ONLY)) {
      Files.writeString(h.dir.resolve("policy.yaml"), ECHO_ONLY.replace("allowed_actions: [\"fake.echo\"]",
          "forbidden_actions: [\"fake.echo\"]"), StandardCharsets.UTF_8);
      assertThat(h.gateway.reloadPolicy()).isTrue();
      assertThat(h.listedTools()).isEmpty();
      assertThat(h.call("fake.echo", Map.of("text", "x")).isError()).isTrue();
    }
  }
}
