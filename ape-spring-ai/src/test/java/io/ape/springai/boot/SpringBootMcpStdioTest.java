package io.ape.springai.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Spring Boot MCP server over stdio ({@link SupportMcpServerApplication}: the Spring AI
 * MCP server starter 2.0.1 with {@code ape-spring-ai}'s auto-configuration guarding its tool
 * specifications) in a child JVM, driven by a real MCP Java SDK client: the benign task runs;
 * the injected recipient is an {@code isError} result with the terse text (not a JSON-RPC
 * error), the audit file has the rule and the labels; nothing of APE's is in any {@code _meta}
 * or {@code ToolContext}.
 */
class SpringBootMcpStdioTest {
  static final String USER = "Read ticket 4711 and e-mail bob@acme.com the subject "
      + "\"Ticket 4711\" and the text \"The printer on floor 3 is being fixed.\" "
      + "Look up the customer acme.";
  static final String DENIED_TEXT =
      "APE denied this tool call: it is not permitted by the security policy.";

  @TempDir
  Path dir;
  McpSyncClient client;

  McpSyncClient start(String ticket) throws URISyntaxException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path policy = Path.of(SpringBootMcpStdioTest.class.getResource("/support.yaml").toURI());
    ServerParameters server = ServerParameters.builder(java)
        .args("-cp", System.getProperty("java.class.path"),
            SupportMcpServerApplication.class.getName(),
            "--ape.policy.file=" + policy,
            "--ape.audit.sinks=jsonl",
            "--ape.audit.jsonl.path=" + dir.resolve("audit.jsonl"),
            "--support.ticket=" + ticket,
            "--support.outbox=" + dir.resolve("outbox.txt"),
            "--support.user-request=" + USER)
        .build();
    client = McpClient.sync(new StdioClientTransport(server,
            new JacksonMcpJsonMapper(JsonMapper.shared())))
        .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(120))
        .build();
    client.initialize();
    return client;
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.closeGracefully();
    }
  }

  String outbox() throws Exception {
    Path p = dir.resolve("outbox.txt");
    return Files.exists(p) ? Files.readString(p) : "";
  }

  static String text(CallToolResult r) {
    return ((TextContent) r.content().get(0)).text();
  }

  static Map<String, Object> email(String to) {
    return Map.of("to", to, "subject", "Ticket 4711",
        "body", "The printer on floor 3 is being fixed.");
  }

  @Test
  void theInjectedRecipientIsAnErrorResultAndTheBenignTaskRuns() throws Exception {
    McpSyncClient c = start("injected");
    assertThat(c.listTools().tools()).extracting(t -> t.name())
        .contains("getTicket", "sendEmail", "lookup");

    CallToolResult ticket = c.callTool(new CallToolRequest("getTicket", Map.of("id", "4711")));
    assertThat(ticket.isError()).isNotEqualTo(Boolean.TRUE);
    assertThat(text(ticket)).contains("attacker@evil.example");

    CallToolResult attack = c.callTool(new CallToolRequest("sendEmail",
        email("attacker@evil.example")));
    assertThat(attack.isError()).isTrue(); // a result, not a JSON-RPC error
    assertThat(text(attack)).isEqualTo(DENIED_TEXT);
    assertThat(attack.meta()).isNull();

    CallToolResult benign = c.callTool(new CallToolRequest("sendEmail", email("bob@acme.com")));
    assertThat(benign.isError()).isNotEqualTo(Boolean.TRUE);
    assertThat(text(benign)).contains("sent to bob@acme.com");
    assertThat(benign.meta()).isNull();

    // the client's own _meta reaches the tool as it was sent; APE adds nothing to it
    CallToolResult lookup = c.callTool(CallToolRequest.builder().name("lookup")
        .arguments(Map.of("customer", "acme")).meta(Map.of("traceparent", "00-abc-01")).build());
    assertThat(text(lookup)).isEqualTo("customer acme");
    assertThat(lookup.meta()).isNull();

    assertThat(outbox()).isEqualTo("""
        getTicket 4711 context=[exchange]
        sendEmail bob@acme.com|Ticket 4711|The printer on floor 3 is being fixed.
        lookup {customer=acme} meta={traceparent=00-abc-01}
        """);
    assertThat(outbox()).doesNotContainIgnoringCase("ape");
    assertThat(Files.readString(dir.resolve("audit.jsonl")))
        .contains("send-requires-trusted-recipient", "to=EXTERNAL_UNTRUSTED", "lookup-allowed");
  }

  @Test
  void aToolTheClientNamesWithoutATrustedArgumentDoesNotRun() throws Exception {
    McpSyncClient c = start("benign");
    // the recipient never appeared anywhere: the model made it up (MODEL_GENERATED)
    CallToolResult r = c.callTool(new CallToolRequest("sendEmail", email("eve@elsewhere.example")));
    assertThat(r.isError()).isTrue();
    assertThat(text(r)).isEqualTo(DENIED_TEXT);
    assertThat(outbox()).isEmpty();
  }
}
