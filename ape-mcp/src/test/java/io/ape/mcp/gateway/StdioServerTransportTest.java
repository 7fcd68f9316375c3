package io.ape.mcp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The gateway's stdio server transport, fed raw lines: a broken message never ends the session. */
@Timeout(30)
class StdioServerTransportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
      + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

  @Test
  void garbageAndOversizedLinesGetAnErrorAndTheSessionGoesOnUntilTheInputEnds() throws Exception {
    Pipe in = Pipe.open();
    Pipe out = Pipe.open();
    StdioServerTransport transport = new StdioServerTransport(GatewayHarness.MAPPER,
        Channels.newInputStream(in.source()), Channels.newOutputStream(out.sink()), 2048);
    McpAsyncServer server = McpServer.async(transport).serverInfo("t", "1")
        .jsonSchemaValidator(new DefaultJsonSchemaValidator())
        .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build()).build();
    OutputStream client = Channels.newOutputStream(in.sink());
    BufferedReader replies = new BufferedReader(new InputStreamReader(Channels.newInputStream(out.source()),
        StandardCharsets.UTF_8));
    try {
      client.write("this is not json\n".getBytes(StandardCharsets.UTF_8));
      client.flush();
      JsonNode parse = JSON.readTree(replies.readLine());
      assertThat(parse.get("error").get("code").asInt()).isEqualTo(-32700);
      client.write(("{\"x\":\"" + "y".repeat(5000) + "\"}\n").getBytes(StandardCharsets.UTF_8));
      client.flush();
      JsonNode tooLong = JSON.readTree(replies.readLine());
      assertThat(tooLong.get("error").get("code").asInt()).isEqualTo(-32600);
      assertThat(tooLong.get("error").get("message").asText()).contains("longer than 2048");
      client.write((INIT + "\n").getBytes(StandardCharsets.UTF_8));
      client.flush();
      JsonNode init = JSON.readTree(replies.readLine());
      assertThat(init.get("id").asInt()).isEqualTo(1);
      assertThat(init.get("result").get("serverInfo").get("name").asText()).isEqualTo("t");
      client.close();
      transport.terminated().get(10, TimeUnit.SECONDS);
    } finally {
      server.close();
    }
  }
}
