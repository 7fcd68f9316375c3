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
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real MCP Java SDK server (a child JVM, {@link TicketServer}) and a real SDK client over
 * stdio. Server side: the server's tools are guarded; client side: the client is guarded and the
 * server's tools are plain. The engine is the real one with {@code support.yaml}:
 * {@code sendEmail} needs trusted parameters, {@code refund} an approval.
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

  static final Map<String, Object> TO_BOB = Map.of("to", "bob@acme.com", "subject",
      "Ticket 4711", "body", "The printer on floor 3 is being fixed.");
  static final Map<String, Object> TO_ATTACKER = Map.of("to", "attacker@evil.example",
      "subject", "Ticket 4711", "body", "The printer on floor 3 is being fixed.");

  @Test
  void guardedServerRunsABenignTaskAndRefusesTheInjectedRecipientWithAnErrorResult()
      throws Exception {
    McpSyncClient c = connect("injected", "guarded");
    CallToolResult ticket = c.callTool(new CallToolRequest("getTicket", Map.of("id", "4711")));
    assertThat(text(ticket)).isEqualTo(TicketServer.INJECTED);

    CallToolResult benign = c.callTool(new CallToolRequest("sendEmail", TO_BOB));
    assertThat(benign.isError()).isNotEqualTo(Boolean.TRUE);
    assertThat(text(benign)).isEqualTo("sent");

    CallToolResult attack = c.callTool(new CallToolRequest("sendEmail", TO_ATTACKER));
    assertThat(attack.isError()).isTrue(); // a result, not a JSON-RPC error
    assertThat(text(attack)).isEqualTo(DENIED_TEXT);
    assertThat(sent()).isEqualTo(
        "bob@acme.com|Ticket 4711|The printer on floor 3 is being fixed.\n");
  }

  @Test
  void aGuardedAsyncServerRefusesTheInjectedRecipientWithAnErrorResult() throws Exception {
    McpSyncClient c = connect("injected", "guarded-async");
    assertThat(text(c.callTool(new CallToolRequest("getTicket", Map.of("id", "4711")))))
        .isEqualTo(TicketServer.INJECTED);
    CallToolResult attack = c.callTool(new CallToolRequest("sendEmail", TO_ATTACKER));
    assertThat(attack.isError()).isTrue();
    assertThat(text(attack)).isEqualTo(DENIED_TEXT);
    CallToolResult crash = c.callTool(new CallToolRequest("crash", Map.of("reason", "x")));
    assertThat(crash.isError()).isTrue();
    assertThat(text(crash)).isEqualTo("The tool failed while running.");
    assertThat(text(c.callTool(new CallToolRequest("sendEmail", TO_BOB)))).isEqualTo("sent");
    assertThat(sent()).isEqualTo(
        "crash ran\nbob@acme.com|Ticket 4711|The printer on floor 3 is being fixed.\n");
  }

  @Test
  void aThrowingHandlerIsAJsonRpcErrorUnguardedAndATerseErrorResultGuarded() throws Exception {
    McpSyncClient plain = connect("benign", "plain");
    assertThatThrownBy(() -> plain.callTool(new CallToolRequest("crash", Map.of())))
        .isInstanceOf(McpError.class)
        .satisfies(e -> assertThat(((McpError) e).getJsonRpcError().code()).isEqualTo(-32603));
    plain.closeGracefully();

    McpSyncClient guarded = connect("benign", "guarded");
    CallToolResult r = guarded.callTool(new CallToolRequest("crash", Map.of("reason", "x")));
    assertThat(r.isError()).isTrue();
    assertThat(text(r)).isEqualTo("The tool failed while running.").doesNotContain("secret");
  }

  @Test
  void aGuardedServerDoesNotRunTheToolWhenTheResolverHangs() throws Exception {
    McpSyncClient c = connect("benign", "hanging-resolver");
    CallToolResult r = c.callTool(new CallToolRequest("refund", Map.of("orderId", "A-17")));
    assertThat(r.isError()).isTrue();
    assertThat(text(r)).isEqualTo(
        "APE denied this tool call: it needs a human approval that was not given.");
    assertThat(sent()).isEmpty();
  }

  @Test
  void aGuardedServerDoesNotRunTheToolWhenTheAuditSinkFails() throws Exception {
    McpSyncClient c = connect("benign", "failing-audit");
    CallToolResult r = c.callTool(new CallToolRequest("sendEmail", TO_BOB));
    assertThat(r.isError()).isTrue();
    assertThat(text(r)).isEqualTo("APE refused this tool call: it could not be checked safely.");
    assertThat(sent()).isEmpty();
  }

  @Test
  void aGuardedServerDoesNotRunTheToolWhenItsSessionMappingThrows() throws Exception {
    McpSyncClient c = connect("benign", "throwing-mapping");
    CallToolResult r = c.callTool(new CallToolRequest("sendEmail", TO_BOB));
    assertThat(r.isError()).isTrue();
    assertThat(text(r)).startsWith("APE refused this tool call");
    assertThat(sent()).isEmpty();
  }

  @Nested
  class AGuardedClient {
    ApeEngine engine;
    AgentSession session;

    @BeforeEach
    void engine() {
      engine = Engines.builder().build();
      session = engine.openSession(SessionOptions.forUser("alice"));
      session.recordUserMessage(TicketServer.USER);
    }

    @AfterEach
    void closeEngine() {
      engine.close();
    }

    @Test
    void refusesTheInjectedRecipientBeforeTheServerSeesIt() throws Exception {
      ApeMcpClient.Sync c = ApeMcpClient.guard(engine).build()
          .sync(connect("injected", "plain"), "tickets", session);

      CallToolResult ticket = c.callTool("getTicket", Map.of("id", "4711"));
      assertThat(text(ticket)).isEqualTo(TicketServer.INJECTED);
      // the engine recorded the result as untrusted input
      assertThat(session.provenance().label("attacker@evil.example"))
          .isEqualTo(Provenance.EXTERNAL_UNTRUSTED);

      CallToolResult attack = c.callTool("sendEmail", TO_ATTACKER);
      assertThat(attack.isError()).isTrue();
      assertThat(text(attack)).isEqualTo(DENIED_TEXT);
      CallToolResult benign = c.callTool("sendEmail", TO_BOB);
      assertThat(text(benign)).isEqualTo("sent");
      assertThat(sent()).isEqualTo(
          "bob@acme.com|Ticket 4711|The printer on floor 3 is being fixed.\n");
      assertThat(engine.toolIds()).contains("tickets.getTicket", "tickets.sendEmail");
      String audit = engine.auditEvents().events().stream()
          .filter(e -> "tickets.sendEmail".equals(e.toolId())).map(Engines::line)
          .collect(java.util.stream.Collectors.joining("\n"));
      assertThat(audit).contains("client-send-requires-trusted-recipient",
          "to=EXTERNAL_UNTRUSTED");

      // a second guard on the same engine cannot register the tool again: refused, not thrown
      CallToolResult second = ApeMcpClient.guard(engine).build()
          .sync(c.client(), "tickets", session).callTool("sendEmail", TO_BOB);
      assertThat(second.isError()).isTrue();
      assertThat(sent()).hasLineCount(1);
    }

    @Test
    void inAbortModeThrowsTheRefusal() throws Exception {
      ApeMcpClient.Sync aborting = ApeMcpClient.guard(engine).abortOnRefusal().build()
          .sync(connect("injected", "plain"), "tickets", session);
      aborting.callTool("getTicket", Map.of("id", "4711"));
      assertThatThrownBy(() -> aborting.callTool("sendEmail", TO_ATTACKER))
          .isInstanceOf(ApeToolRefusedException.class)
          .satisfies(e -> assertThat(((ApeToolRefusedException) e).result().status())
              .isEqualTo(CallStatus.DENIED));
      assertThat(sent()).isEmpty();
    }

    @Test
    void doesNotCallTheServerWhenTheResolverHangsOrTheAuditFailsOrTheSessionEnded()
        throws Exception {
      CountDownLatch release = new CountDownLatch(1);
      AtomicBoolean auditBroken = new AtomicBoolean();
      McpSyncClient upstream = connect("benign", "plain");
      try (ApeEngine hanging = Engines.builder().escalationTimeout(Duration.ofMillis(100))
          .escalationResolver(request -> {
            release.await();
            return null;
          }).auditSink(event -> {
            if (auditBroken.get()) {
              throw new IllegalStateException("audit disk full");
            }
          }).build()) {
        AgentSession s = hanging.openSession(SessionOptions.forUser("alice"));
        s.recordUserMessage(TicketServer.USER);
        ApeMcpClient.Sync c = ApeMcpClient.guard(hanging).build().sync(upstream, "tickets", s);
        assertThat(text(c.callTool("refund", Map.of("orderId", "A-17")))).isEqualTo(
            "APE denied this tool call: it needs a human approval that was not given.");
        auditBroken.set(true);
        assertThat(text(c.callTool("sendEmail", TO_BOB)))
            .isEqualTo("APE refused this tool call: it could not be checked safely.");
        auditBroken.set(false);
        s.close();
        assertThat(text(c.callTool("sendEmail", TO_BOB)))
            .startsWith("APE refused this tool call");
      } finally {
        release.countDown();
      }
      assertThat(sent()).isEmpty();
    }
  }
}
