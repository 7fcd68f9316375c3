package io.ape.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.EscalationRequest;
import io.ape.api.EscalationResolution;
import io.ape.api.Outcome;
import io.ape.api.Provenance;
import io.ape.api.TokenBinding;
import io.ape.core.canonical.ApeHashes;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** MCP elicitation as an escalation resolver: only an explicit yes approves, and only that call. */
class ElicitationEscalationResolverTest {
  private static EscalationRequest request(Map<String, Object> params) {
    String hash = ApeHashes.parametersHash(params);
    String h = "a".repeat(64);
    Decision d = new Decision(Outcome.ESCALATE, "fs.write_file", "needs approval", "rules[0]", List.of(), h,
        DecisionSource.RULE);
    TokenBinding b = new TokenBinding("default", "s", h, h, 0, "fs.write_file", "fs.write_file", hash);
    return new EscalationRequest("esc-1", d, b, params, Instant.EPOCH);
  }

  private static EscalationResolution resolve(McpSchema.ElicitResult answer, Map<String, Object> params) {
    return new ElicitationEscalationResolver(r -> Mono.justOrEmpty(answer), Duration.ofSeconds(5), "c")
        .resolve(request(params));
  }

  @Test
  void onlyAcceptWithApproveTrueApprovesAndItIsBoundToTheRequestsHash() {
    Map<String, Object> params = Map.of("path", "/tmp/a", "content", "x");
    EscalationResolution yes = resolve(McpSchema.ElicitResult.builder(McpSchema.ElicitResult.Action.ACCEPT)
        .content(Map.of("approve", true)).build(), params);
    assertThat(yes.approved()).isTrue();
    assertThat(yes.channel()).isEqualTo(Provenance.USER_TRUSTED);
    assertThat(yes.parametersHash()).isEqualTo(ApeHashes.parametersHash(params));
    for (McpSchema.ElicitResult no : List.of(
        McpSchema.ElicitResult.builder(McpSchema.ElicitResult.Action.ACCEPT).content(Map.of("approve", false)).build(),
        McpSchema.ElicitResult.builder(McpSchema.ElicitResult.Action.ACCEPT).content(Map.of("approve", "true")).build(),
        McpSchema.ElicitResult.builder(McpSchema.ElicitResult.Action.ACCEPT).build(),
        McpSchema.ElicitResult.builder(McpSchema.ElicitResult.Action.DECLINE).build(),
        McpSchema.ElicitResult.builder(McpSchema.ElicitResult.Action.CANCEL).content(Map.of("approve", true)).build())) {
      assertThat(resolve(no, params).approved()).as(no.toString()).isFalse();
    }
    assertThat(resolve(null, params).approved()).isFalse();
  }

  @Test
  void noAnswerInTimeOrAnErrorIsADenial() {
    EscalationResolution late = new ElicitationEscalationResolver(r -> Mono.never(), Duration.ofMillis(50), "c")
        .resolve(request(Map.of()));
    assertThat(late.approved()).isFalse();
    assertThat(late.reason()).contains("timed out");
    EscalationResolution failed = new ElicitationEscalationResolver(
        r -> Mono.error(new IllegalStateException("client gone")), Duration.ofSeconds(1), "c").resolve(request(Map.of()));
    assertThat(failed.approved()).isFalse();
  }

  @Test
  void theQuestionShowsTheExactArgumentsEscapedAndSaysWhenTheyAreCut() {
    AtomicReference<McpSchema.ElicitRequest> asked = new AtomicReference<>();
    new ElicitationEscalationResolver(r -> {
      asked.set(r);
      return Mono.just(McpSchema.ElicitResult.builder(McpSchema.ElicitResult.Action.DECLINE).build());
    }, Duration.ofSeconds(1), "c").resolve(request(Map.of("path", "/tmp/\u202Etxt.exe", "n", 1)));
    String m = asked.get().message();
    assertThat(m).contains("fs.write_file").contains("\\u202e").doesNotContain("\u202E")
        .contains(ApeHashes.parametersHash(Map.of("path", "/tmp/\u202Etxt.exe", "n", 1)));
    McpSchema.ElicitRequest big = ElicitationEscalationResolver.question(request(Map.of("content", "x".repeat(10_000))));
    assertThat(big.message()).contains("longer than shown");
  }
}
