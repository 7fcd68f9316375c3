package io.ape.mcp;

import io.ape.api.ApeException;
import io.ape.api.ParameterValues;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default {@link McpServerConnector}: the MCP Java SDK's synchronous client over our own
 * stdio transport ({@link StdioProcessTransport}) or the SDK's SSE and streamable-HTTP transports.
 * The JSON mapper and schema validator are created explicitly (no service-loader lookup), so the
 * scanner also works from a shaded jar.
 */
final class SdkServerConnector implements McpServerConnector {
  private static final Logger LOG = LoggerFactory.getLogger(SdkServerConnector.class);
  /** Longest line (one JSON-RPC message) read from a stdio server. */
  static final int MAX_MESSAGE_CHARS = 16 * 1024 * 1024;
  /** At most this many pages of {@code tools/list} are read. */
  static final int MAX_PAGES = 100;
  /** At most this many tools are kept per server. */
  static final int MAX_TOOLS = 5_000;
  /** How long a failure waits for a dying stdio server's exit code, to explain the failure. */
  static final long EXIT_GRACE_MILLIS = 1_000;

  private final McpJsonMapper mapper = new JacksonMcpJsonMapper(JsonMapper.shared());

  @Override
  public McpServerConnection open(McpServerConfig server, ConnectSettings settings) {
    ClientTransports.Made made = ClientTransports.make(server, settings, mapper, MAX_MESSAGE_CHARS);
    McpClientTransport transport = made.transport();
    StdioProcessTransport stdio = made.stdio();
    McpAsyncClient client = McpClient.async(transport)
        .clientInfo(new McpSchema.Implementation("ape-mcp-scan", "0.1.0"))
        .requestTimeout(settings.timeout())
        .initializationTimeout(settings.timeout())
        .jsonSchemaValidator(new DefaultJsonSchemaValidator())
        .build();
    return new Connection(made.name(), client, transport, stdio, made.secrets());
  }

  /** One SDK client and its transport. */
  private final class Connection implements McpServerConnection {
    private final String name;
    private final McpAsyncClient client;
    private final McpClientTransport transport;
    private final StdioProcessTransport stdio;
    private final List<String> secrets;

    Connection(String name, McpAsyncClient client, McpClientTransport transport,
        StdioProcessTransport stdio, List<String> secrets) {
      this.secrets = List.copyOf(secrets);
      this.name = name;
      this.client = client;
      this.transport = transport;
      this.stdio = stdio;
    }

    @Override
    public ServerTools listTools() {
      McpSchema.InitializeResult init;
      try {
        init = raceWithExit(client.initialize());
      } catch (RuntimeException e) {
        throw failure("the MCP handshake failed", e);
      }
      String info = init == null || init.serverInfo() == null ? ""
          : init.serverInfo().name() + " " + init.serverInfo().version();
      List<ScannedTool> tools = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      String cursor = null;
      for (int page = 0; page < MAX_PAGES; page++) {
        McpSchema.ListToolsResult result;
        try {
          result = raceWithExit(cursor == null ? client.listTools() : client.listTools(cursor));
        } catch (RuntimeException e) {
          throw failure("tools/list failed", e);
        }
        if (result == null || result.tools() == null) {
          break;
        }
        for (McpSchema.Tool t : result.tools()) {
          if (t == null || t.name() == null) {
            notes.add("a tool without a name was ignored");
            continue;
          }
          if (!seen.add(t.name())) {
            notes.add("tool '" + io.ape.api.ActionIds.printable(t.name())
                + "' is listed twice; the first listing is used");
            continue;
          }
          if (tools.size() == MAX_TOOLS) {
            notes.add("more than " + MAX_TOOLS + " tools; the rest were ignored (denied by default)");
            return new ServerTools(info, tools, notes);
          }
          tools.add(convert(t));
        }
        cursor = result.nextCursor();
        if (cursor == null || cursor.isEmpty()) {
          return new ServerTools(info, tools, notes);
        }
      }
      notes.add("tools/list returned more than " + MAX_PAGES + " pages; the rest were ignored (denied by default)");
      return new ServerTools(info, tools, notes);
    }

    /**
     * Waits for a reply, but fails at once if the stdio server's process could not start or
     * exited, instead of waiting for the request timeout.
     */
    private <T> T raceWithExit(Mono<T> call) {
      if (stdio == null) {
        return call.block();
      }
      // A copy, because losing the race cancels the future it was made from.
      Mono<T> died = Mono.fromFuture(stdio.exited().copy()).flatMap(code -> Mono.error(
          new McpConnectException("the process exited with code " + code + " before answering")));
      return Mono.firstWithSignal(call, died).block();
    }

    private McpConnectException failure(String what, RuntimeException e) {
      StringBuilder msg = new StringBuilder(what);
      McpConnectException startFailure = stdio == null ? null : stdio.startFailure().orElse(null);
      java.util.OptionalInt exit = stdio == null || startFailure != null
          ? java.util.OptionalInt.empty() : stdio.awaitExit(EXIT_GRACE_MILLIS);
      McpConnectException own = findOwn(e);
      if (startFailure != null) {
        msg = new StringBuilder(startFailure.getMessage());
      } else if (exit.isPresent()) {
        msg.append(": the process exited with code ").append(exit.getAsInt());
      } else if (own != null) {
        msg.append(": ").append(own.getMessage());
      } else {
        msg.append(": ").append(rootMessage(e));
      }
      List<String> tail = stdio == null ? List.of() : stdio.stderrTail();
      if (!tail.isEmpty()) {
        msg.append(" (last line on stderr: ").append(TextSafety.scrub(tail.get(tail.size() - 1), secrets))
            .append(')');
      }
      return new McpConnectException(msg.toString(), e);
    }

    @Override
    public void close() {
      try {
        client.close();
      } catch (RuntimeException e) {
        LOG.debug("closing the MCP client of '{}': {}", name, e.toString());
      }
      if (stdio != null) {
        stdio.terminate();
      } else {
        try {
          transport.close();
        } catch (RuntimeException e) {
          LOG.debug("closing the transport of '{}': {}", name, e.toString());
        }
      }
    }
  }

  static ScannedTool convert(McpSchema.Tool t) {
    McpSchema.ToolAnnotations a = t.annotations();
    ToolHints hints = a == null ? ToolHints.unknown()
        : new ToolHints(a.readOnlyHint(), a.destructiveHint(), a.idempotentHint(), a.openWorldHint());
    Map<String, Object> schema;
    String problem = "";
    try {
      schema = t.inputSchema() == null ? Map.of() : ParameterValues.copyOf(t.inputSchema());
    } catch (ApeException e) {
      schema = Map.of();
      problem = "the input schema could not be copied: " + e.getMessage();
    }
    if (problem.isEmpty()) {
      problem = SchemaShape.problem(schema);
    }
    return new ScannedTool(t.name(), t.title(), t.description(), schema, hints, ToolSource.SERVER, problem);
  }

  private static McpConnectException findOwn(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof McpConnectException mce) {
        return mce;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof java.util.concurrent.TimeoutException) {
      return "no answer in time";
    }
    String m = root.getMessage();
    String text = root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }
}
