package io.ape.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The upstream of {@link GatewayBenchmark}: a minimal MCP server over stdio with one read-only
 * tool, {@code echo}, that answers at once with its argument, so that the benchmark measures the
 * transport and the gateway rather than a tool. Run as
 * {@code java -cp <benchmarks class path> io.ape.bench.EchoMcpServer}.
 */
public final class EchoMcpServer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EchoMcpServer() {}

  public static void main(String[] args) throws IOException {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      JsonNode msg = JSON.readTree(line);
      if (!msg.has("id") || !msg.has("method")) {
        continue;
      }
      ObjectNode reply = JSON.createObjectNode().put("jsonrpc", "2.0");
      reply.set("id", msg.get("id"));
      ObjectNode result = reply.putObject("result");
      switch (msg.get("method").asText()) {
        case "initialize" -> {
          result.put("protocolVersion", msg.path("params").path("protocolVersion").asText("2025-06-18"));
          result.putObject("capabilities").putObject("tools");
          result.putObject("serverInfo").put("name", "echo").put("version", "1");
        }
        case "tools/list" -> {
          ObjectNode t = result.putArray("tools").addObject().put("name", "echo").put("description", "Echoes");
          t.putObject("inputSchema").put("type", "object").putObject("properties").putObject("text")
              .put("type", "string");
          t.putObject("annotations").put("readOnlyHint", true).put("openWorldHint", false);
        }
        case "tools/call" -> result.putArray("content").addObject().put("type", "text")
            .put("text", msg.path("params").path("arguments").path("text").asText());
        default -> {
          // ping and anything else: an empty result
        }
      }
      out.print(JSON.writeValueAsString(reply));
      out.print('\n');
      out.flush();
    }
  }
}
