package io.ape.mcp;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A long-lived MCP client connection to one configured server, as the gateway and
 * {@code ape mcp-pin} use it: the raw tool definitions (nothing cleaned, so that they can be
 * hashed and inspected), and calls with a time limit each.
 *
 * <p>Guarantees: every method either returns the server's answer or throws an
 * {@link McpConnectException} whose message is one line with every value of the server's
 * {@code env} and {@code headers} masked; no call waits longer than its time limit; a stdio server
 * that exits (or crashes mid-call) fails every pending call at once instead of after its time
 * limit; a stdio server that writes a message longer than the limit is killed; notifications
 * (logging, progress, list changes) are counted and dropped, except {@code tools/list_changed},
 * which is passed to the {@link Listener} (coalesced: at most one pending at a time); lines on
 * stdout that are not JSON-RPC are skipped (a call whose answer is garbled ends at its time
 * limit). {@link #close()} kills the whole process tree of a stdio server. Thread-safe: calls may
 * run concurrently.
 *
 * @since 0.2.0
 */
public final class UpstreamServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UpstreamServer.class);
  /** Longest message (one line) read from a stdio server unless configured otherwise: 16 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_CHARS = 16 * 1024 * 1024;
  /** At most this many pages of a list are read. */
  static final int MAX_PAGES = 100;
  /** At most this many items of one list are kept. */
  static final int MAX_ITEMS = 5_000;

  /** Hears about the server's own changes. Called on a transport thread: return quickly. */
  public interface Listener {
    /** The server said its tool list changed ({@code notifications/tools/list_changed}). */
    default void toolsChanged(UpstreamServer server) {}

    /** The server's process exited or the connection broke. */
    default void disconnected(UpstreamServer server, String why) {}
  }

  /** What the handshake told. */
  public record Info(String serverInfo, McpSchema.ServerCapabilities capabilities, String protocolVersion) {}

  private final String name;
  private final McpAsyncClient client;
  private final StdioProcessTransport stdio;
  private final List<String> secrets;
  private final Listener listener;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean refreshPending = new AtomicBoolean();
  private final AtomicLong notifications = new AtomicLong();
  private volatile boolean started;

  private UpstreamServer(McpServerConfig server, ConnectSettings settings, int maxMessageChars,
      Listener listener) {
    this.listener = listener == null ? new Listener() {} : listener;
    McpJsonMapper mapper = new JacksonMcpJsonMapper(JsonMapper.shared());
    ClientTransports.Made made = ClientTransports.make(server, settings, mapper, maxMessageChars);
    this.name = made.name();
    this.stdio = made.stdio();
    this.secrets = made.secrets();
    Function<Object, Mono<Void>> drop = x -> {
      notifications.incrementAndGet();
      return Mono.empty();
    };
    this.client = McpClient.async(made.transport())
        .clientInfo(McpSchema.Implementation.builder("ape-gateway", "0.2.0").build())
        .requestTimeout(settings.timeout())
        .initializationTimeout(settings.timeout())
        .jsonSchemaValidator(new DefaultJsonSchemaValidator())
        .toolsChangeConsumer(tools -> {
          notifications.incrementAndGet();
          toolListChanged();
          return Mono.empty();
        })
        .loggingConsumer(m -> drop.apply(m))
        .progressConsumer(p -> drop.apply(p))
        .resourcesChangeConsumer(r -> drop.apply(r))
        .resourcesUpdateConsumer(r -> drop.apply(r))
        .promptsChangeConsumer(p -> drop.apply(p))
        .build();
    if (stdio != null) {
      stdio.setNotificationFilter(n -> {
        String method = String.valueOf(n.method());
        if (method.equals(McpSchema.METHOD_NOTIFICATION_TOOLS_LIST_CHANGED)) {
          notifications.incrementAndGet();
          toolListChanged();
          return true;
        }
        if (method.startsWith("notifications/")) {
          notifications.incrementAndGet();
          return true;
        }
        return false;
      });
      stdio.exited().whenComplete((code, e) -> {
        if (!closed.get()) {
          this.listener.disconnected(this, e != null ? "the process could not start"
              : "the process exited with code " + code);
        }
      });
    }
  }

  /**
   * Prepares a connection (no I/O yet: {@link #start()} connects).
   *
   * @param settings working directory and environment for stdio servers and {@code ${VAR}};
   *     its timeout bounds the handshake and each list request
   * @param maxMessageChars the longest line read from a stdio server
   * @throws McpConnectException if the entry cannot be used (an unset variable, a bad URL)
   */
  public static UpstreamServer open(McpServerConfig server, ConnectSettings settings,
      int maxMessageChars, Listener listener) {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(settings, "settings");
    if (maxMessageChars < 1024) {
      throw new IllegalArgumentException("maxMessageChars must be at least 1024, was " + maxMessageChars);
    }
    return new UpstreamServer(server, settings, maxMessageChars, listener);
  }

  /** The server's name, printable (as in messages). */
  public String name() {
    return name;
  }

  /** Every secret value of the entry (as written and expanded), to scrub from what it says. */
  public List<String> secrets() {
    return secrets;
  }

  /** How many notifications the server sent (all dropped). */
  public long notificationsReceived() {
    return notifications.get();
  }

  /**
   * Starts the process (stdio) or connects, and performs the MCP handshake.
   *
   * @throws McpConnectException if that fails or takes longer than the settings' timeout
   */
  public Info start() {
    McpSchema.InitializeResult init = await(client.initialize(), null, "the MCP handshake");
    started = true;
    String info = init == null || init.serverInfo() == null ? ""
        : TextSafety.scrub(init.serverInfo().name() + " " + init.serverInfo().version(), secrets);
    return new Info(info, init == null ? null : init.capabilities(),
        init == null ? "" : String.valueOf(init.protocolVersion()));
  }

  /** Whether the handshake was done and the connection has not ended. */
  public boolean isAlive() {
    if (!started || closed.get()) {
      return false;
    }
    return stdio == null || !stdio.exited().isDone();
  }

  /**
   * Every tool the server lists (all pages, at most {@value #MAX_ITEMS}), raw: exactly what the
   * server said. Tools without a name and repeated names (after the first) are left out.
   */
  public List<McpSchema.Tool> listTools() {
    refreshPending.set(false);
    List<McpSchema.Tool> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      McpSchema.ListToolsResult r = await(cursor == null ? client.listTools() : client.listTools(cursor),
          null, "tools/list");
      if (r == null || r.tools() == null) {
        break;
      }
      for (McpSchema.Tool t : r.tools()) {
        if (t != null && t.name() != null && seen.add(t.name()) && out.size() < MAX_ITEMS) {
          out.add(t);
        }
      }
      cursor = r.nextCursor();
      if (cursor == null || cursor.isEmpty()) {
        break;
      }
    }
    return out;
  }

  /** Every resource the server lists (empty if it has none), raw. */
  public List<McpSchema.Resource> listResources() {
    List<McpSchema.Resource> out = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES && out.size() < MAX_ITEMS; page++) {
      McpSchema.ListResourcesResult r = await(cursor == null ? client.listResources()
          : client.listResources(cursor), null, "resources/list");
      if (r == null || r.resources() == null) {
        break;
      }
      r.resources().stream().filter(x -> x != null && x.uri() != null).limit(MAX_ITEMS - out.size())
          .forEach(out::add);
      cursor = r.nextCursor();
      if (cursor == null || cursor.isEmpty()) {
        break;
      }
    }
    return out;
  }

  /** Every resource template the server lists, raw. */
  public List<McpSchema.ResourceTemplate> listResourceTemplates() {
    List<McpSchema.ResourceTemplate> out = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES && out.size() < MAX_ITEMS; page++) {
      McpSchema.ListResourceTemplatesResult r = await(cursor == null ? client.listResourceTemplates()
          : client.listResourceTemplates(cursor), null, "resources/templates/list");
      if (r == null || r.resourceTemplates() == null) {
        break;
      }
      r.resourceTemplates().stream().filter(x -> x != null && x.uriTemplate() != null)
          .limit(MAX_ITEMS - out.size()).forEach(out::add);
      cursor = r.nextCursor();
      if (cursor == null || cursor.isEmpty()) {
        break;
      }
    }
    return out;
  }

  /** Every prompt the server lists, raw. */
  public List<McpSchema.Prompt> listPrompts() {
    List<McpSchema.Prompt> out = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES && out.size() < MAX_ITEMS; page++) {
      McpSchema.ListPromptsResult r = await(cursor == null ? client.listPrompts()
          : client.listPrompts(cursor), null, "prompts/list");
      if (r == null || r.prompts() == null) {
        break;
      }
      r.prompts().stream().filter(x -> x != null && x.name() != null).limit(MAX_ITEMS - out.size())
          .forEach(out::add);
      cursor = r.nextCursor();
      if (cursor == null || cursor.isEmpty()) {
        break;
      }
    }
    return out;
  }

  /**
   * Calls one tool.
   *
   * @param timeout the limit for this call
   * @return the server's result (its own {@code isError} included)
   * @throws McpConnectException if there is no answer in time, the server exited, or the answer
   *     is not a tool result
   */
  public McpSchema.CallToolResult callTool(String tool, Map<String, Object> arguments, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    return await(client.callTool(McpSchema.CallToolRequest.builder(tool)
        .arguments(arguments == null ? Map.of() : arguments).build()),
        timeout, "tools/call");
  }

  /** Reads one resource, as {@link #callTool}. */
  public McpSchema.ReadResourceResult readResource(String uri, Duration timeout) {
    return await(client.readResource(McpSchema.ReadResourceRequest.builder(uri).build()), timeout, "resources/read");
  }

  /** Gets one prompt, as {@link #callTool}. */
  public McpSchema.GetPromptResult getPrompt(String prompt, Map<String, Object> arguments,
      Duration timeout) {
    return await(client.getPrompt(McpSchema.GetPromptRequest.builder(prompt)
        .arguments(arguments == null ? Map.of() : arguments).build()), timeout, "prompts/get");
  }

  /**
   * Waits for a reply within {@code timeout} (the settings' timeout when {@code null}), failing
   * at once if the stdio server's process could not start or exited.
   */
  private <T> T await(Mono<T> call, Duration timeout, String what) {
    if (closed.get()) {
      throw new McpConnectException("server '" + name + "': the connection is closed");
    }
    Mono<T> bounded = timeout == null ? call : call.timeout(timeout);
    try {
      if (stdio == null) {
        return bounded.block();
      }
      // A copy, because losing the race cancels the future it was made from.
      CompletableFuture<Integer> exit = stdio.exited().copy();
      Mono<T> died = Mono.fromFuture(exit).flatMap(code -> Mono.error(new McpConnectException(
          "the process exited with code " + code + " before answering")));
      return Mono.firstWithSignal(bounded, died).block();
    } catch (RuntimeException e) {
      throw failure(what, e);
    }
  }

  private McpConnectException failure(String what, RuntimeException e) {
    StringBuilder msg = new StringBuilder("server '").append(name).append("': ").append(what)
        .append(" failed: ");
    McpConnectException startFailure = stdio == null ? null : stdio.startFailure().orElse(null);
    if (startFailure != null) {
      msg.append(startFailure.getMessage());
    } else {
      msg.append(reason(e));
    }
    List<String> tail = stdio == null ? List.of() : stdio.stderrTail();
    if (!tail.isEmpty() && stdio.exited().isDone()) {
      msg.append(" (last line on stderr: ").append(tail.get(tail.size() - 1)).append(')');
    }
    return new McpConnectException(TextSafety.scrub(msg.toString(), secrets, 600), e);
  }

  private static String reason(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof TimeoutException) {
        return "no answer in time";
      }
      if (c instanceof McpConnectException mce) {
        return mce.getMessage();
      }
      if (c.getCause() == c) {
        break;
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  /**
   * Passes a {@code tools/list_changed} notification on, unless one is already pending (the next
   * {@link #listTools()} clears it), so a flood of them costs one refresh.
   */
  void toolListChanged() {
    if (refreshPending.compareAndSet(false, true)) {
      listener.toolsChanged(this);
    }
  }

  /** Closes the client and kills a stdio server's process tree. Idempotent; never throws. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      client.close();
    } catch (RuntimeException e) {
      LOG.debug("closing the MCP client of '{}': {}", name, e.toString());
    }
    if (stdio != null) {
      stdio.terminate();
    }
  }

  @Override
  public String toString() {
    return "UpstreamServer[" + name + (isAlive() ? ", alive" : "") + "]";
  }
}
