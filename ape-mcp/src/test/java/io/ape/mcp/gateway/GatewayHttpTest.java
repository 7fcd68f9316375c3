package io.ape.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.AuditEventType;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Streamable-HTTP mode: client authentication, bounded requests, per-client sessions. */
@Timeout(180)
class GatewayHttpTest {
  private static final String TOKEN = "test-token-0123456789abcdef";
  private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
      + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

  @TempDir
  Path dir;

  private GatewayHarness gateway() throws Exception {
    return GatewayHarness.builder(dir).config(GatewayHarness.config(GatewayHarness.fakeEntry("fake")))
        .policy(GatewayBasicsTest.POLICY).clientless().start();
  }

  private static McpSyncClient client(int port, String token) {
    HttpClientStreamableHttpTransport t = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + port)
        .endpoint(HttpGatewayServer.ENDPOINT).jsonMapper(GatewayHarness.MAPPER)
        .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token)).build();
    return McpClient.sync(t).requestTimeout(Duration.ofSeconds(30))
        .jsonSchemaValidator(new DefaultJsonSchemaValidator()).build();
  }

  private static HttpResponse<String> post(int port, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + HttpGatewayServer.ENDPOINT))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(r::header);
    return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAuthenticatedClientIsServedAndEachClientHasItsOwnSession() throws Exception {
    try (GatewayHarness h = gateway();
        HttpGatewayServer http = HttpGatewayServer.start(h.gateway, new InetSocketAddress("127.0.0.1", 0),
            BearerToken.of(TOKEN), 64 * 1024);
        McpSyncClient a = client(http.port(), TOKEN);
        McpSyncClient b = client(http.port(), TOKEN)) {
      a.initialize();
      b.initialize();
      assertThat(a.listTools().tools()).extracting(McpSchema.Tool::name).contains("fake.echo");
      McpSchema.CallToolResult r = a.callTool(McpSchema.CallToolRequest.builder("fake.echo")
          .arguments(Map.of("text", "over http")).build());
      assertThat(GatewayHarness.text(r)).contains("over http");
      McpSchema.CallToolResult denied = b.callTool(McpSchema.CallToolRequest.builder("fake.echo")
          .arguments(Map.of("text", "a secret")).build());
      assertThat(denied.isError()).isTrue();
      assertThat(h.events(AuditEventType.SESSION_STARTED)).hasSize(2);
    }
  }

  @Test
  void requestsWithoutTheRightTokenNeverReachMcp() throws Exception {
    try (GatewayHarness h = gateway();
        HttpGatewayServer http = HttpGatewayServer.start(h.gateway, new InetSocketAddress("127.0.0.1", 0),
            BearerToken.of(TOKEN), 64 * 1024)) {
      assertThat(post(http.port(), INIT, Map.of()).statusCode()).isEqualTo(401);
      assertThat(post(http.port(), INIT, Map.of("Authorization", "Bearer " + TOKEN + "x")).statusCode())
          .isEqualTo(401);
      assertThat(post(http.port(), INIT, Map.of("Authorization", "Basic " + TOKEN)).statusCode()).isEqualTo(401);
      assertThat(post(http.port(), INIT, Map.of("Authorization", "Bearer " + TOKEN)).statusCode()).isEqualTo(200);
      assertThat(http.refusedRequests()).isEqualTo(3);
      try (McpSyncClient wrong = client(http.port(), "not-the-token-0123456789")) {
        assertThatThrownBy(wrong::initialize).isInstanceOf(RuntimeException.class);
      }
      assertThat(h.events(AuditEventType.SESSION_STARTED)).isEmpty();
    }
  }

  @Test
  void anOversizedRequestIsRefusedBeforeItIsRead() throws Exception {
    try (GatewayHarness h = gateway();
        HttpGatewayServer http = HttpGatewayServer.start(h.gateway, new InetSocketAddress("127.0.0.1", 0),
            BearerToken.of(TOKEN), 4096)) {
      String big = INIT.replace("\"raw\"", "\"" + "r".repeat(10_000) + "\"");
      assertThat(post(http.port(), big, Map.of("Authorization", "Bearer " + TOKEN)).statusCode()).isEqualTo(413);
      assertThat(post(http.port(), INIT, Map.of("Authorization", "Bearer " + TOKEN)).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aBrowserPageIsRefused() throws Exception {
    try (GatewayHarness h = gateway();
        HttpGatewayServer http = HttpGatewayServer.start(h.gateway, new InetSocketAddress("127.0.0.1", 0),
            BearerToken.of(TOKEN), 64 * 1024)) {
      HttpResponse<String> r = post(http.port(), INIT, Map.of("Authorization", "Bearer " + TOKEN,
          "Origin", "http://evil.example"));
      assertThat(r.statusCode()).isEqualTo(403);
    }
  }

  @Test
  void theTokenFileMustHoldAUsableToken() throws Exception {
    Path f = dir.resolve("token");
    java.nio.file.Files.writeString(f, "short\n");
    assertThatThrownBy(() -> BearerToken.read(f)).isInstanceOf(McpGatewayException.class)
        .hasMessageContaining("at least 16");
    java.nio.file.Files.writeString(f, TOKEN + "\n");
    assertThat(BearerToken.read(f).matches("Bearer " + TOKEN)).isTrue();
    assertThat(BearerToken.read(f).matches("bearer " + TOKEN)).isTrue();
    assertThat(BearerToken.read(f).toString()).doesNotContain(TOKEN);
    assertThatThrownBy(() -> BearerToken.read(dir.resolve("missing"))).isInstanceOf(McpGatewayException.class);
  }
}
