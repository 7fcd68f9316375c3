package io.ape.mcpsdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ApeConfigurationException;
import io.ape.api.CallStatus;
import io.ape.api.GuardedCallResult;
import io.ape.api.Provenance;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * MCP tool specifications registered with the engine through the {@code mcp-sdk} tool adapter
 * ({@code engine.adaptTool}): the engine picks the adapter, the guarded call runs the handler
 * with the bound parameters only, and every failure mode of a handler is a TOOL_FAILED
 * result with the terse text, never a result the model would read.
 */
class McpSdkToolAdapterEngineTest {
  static final Map<String, Object> TO_BOB = McpSdkStdioTest.TO_BOB;
  static final Map<String, Object> TO_ATTACKER = McpSdkStdioTest.TO_ATTACKER;

  final List<CallToolRequest> requests = new CopyOnWriteArrayList<>();

  static Tool tool(String name) {
    return Tool.builder().name(name).description(name).inputSchema(Map.of("type", "object"))
        .build();
  }

  SyncToolSpecification recording(String name, String answer) {
    return new SyncToolSpecification(tool(name), (exchange, request) -> {
      requests.add(request);
      return CallToolResult.builder().addTextContent(answer).build();
    });
  }

  @Test
  void theEngineAdaptsSpecificationsAndTheHandlerGetsTheBoundParametersOnly() {
    try (ApeEngine engine = Engines.builder().build()) {
      engine.registerTool("getTicket", engine.adaptTool(recording("getTicket",
          TicketServer.INJECTED)));
      engine.registerTool("sendEmail", engine.adaptTool(recording("sendEmail", "sent")));
      AgentSession session = engine.openSession(SessionOptions.forUser("alice"));
      session.recordUserMessage(TicketServer.USER);

      GuardedCallResult ticket = session.call("getTicket", Map.of("id", "4711"));
      assertThat(ticket.status()).isEqualTo(CallStatus.EXECUTED);
      assertThat(ticket.value().value()).isEqualTo(TicketServer.INJECTED);
      assertThat(session.provenance().label("attacker@evil.example"))
          .isEqualTo(Provenance.EXTERNAL_UNTRUSTED);

      GuardedCallResult attack = session.call("sendEmail", TO_ATTACKER);
      assertThat(attack.status()).isEqualTo(CallStatus.DENIED);
      GuardedCallResult benign = session.call("sendEmail", TO_BOB);
      assertThat(benign.status()).isEqualTo(CallStatus.EXECUTED);
      assertThat(benign.value().value()).isEqualTo("sent");

      assertThat(requests).extracting(CallToolRequest::name)
          .containsExactly("getTicket", "sendEmail");
      assertThat(requests.get(1).arguments()).isEqualTo(TO_BOB);
      assertThat(requests.get(1).meta()).isNull(); // nothing of APE's in _meta
    }
  }

  @Test
  void aHandlerThatFailsReportsAnErrorOrNeverAnswersIsAFailureNotAResult() {
    try (ApeEngine engine = Engines.builder()
        .configuration(Map.of("ape.tool.mcp-sdk.async-timeout", "200ms")).build()) {
      engine.registerTool("crash", engine.adaptTool(new SyncToolSpecification(tool("crash"),
          (exchange, request) -> {
            throw new IllegalStateException("internal detail: /etc/secret");
          })));
      engine.registerTool("lookup", engine.adaptTool(new SyncToolSpecification(tool("lookup"),
          (exchange, request) -> CallToolResult.builder().isError(true)
              .addTextContent("secret stack trace").build())));
      engine.registerTool("getTicket", engine.adaptTool(new AsyncToolSpecification(
          tool("getTicket"), (exchange, request) -> Mono.never())));
      AgentSession session = engine.openSession(SessionOptions.forUser("alice"));
      for (String toolId : List.of("crash", "lookup", "getTicket")) {
        GuardedCallResult r = session.call(toolId, Map.of("reason", "x"));
        assertThat(r.status()).as(toolId).isEqualTo(CallStatus.TOOL_FAILED);
        assertThat(r.modelMessage()).as(toolId).isEqualTo("The tool failed while running.")
            .doesNotContain("secret");
      }
    }
  }

  @Test
  void aBadAsyncTimeoutStopsTheEngineFromStarting() {
    for (String bad : List.of("soon", "0s", "-5s", "10")) {
      assertThatThrownBy(() -> Engines.builder()
          .configuration(Map.of("ape.tool.mcp-sdk.async-timeout", bad)).build().close())
          .as(bad).isInstanceOf(ApeConfigurationException.class)
          .hasMessageContaining("ape.tool.mcp-sdk.async-timeout");
    }
  }
}
