package io.ape.mcp.gateway;

import io.ape.audit.JsonlAuditSink;
import io.ape.api.AuditEvent;
import io.ape.core.audit.InMemoryAuditSink;
import io.ape.mcp.ConnectSettings;
import io.ape.mcp.McpConfig;
import io.ape.mcp.McpConfigReader;
import io.ape.mcp.ToolLock;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A gateway served in this JVM over pipes to a real MCP SDK client, with upstream servers that
 * are real processes (the fake server of this package, or the reference servers), the production
 * guard ({@link OrchestratorCallGuard}) and a JSON-lines audit log beside an in-memory one.
 */
final class GatewayHarness implements AutoCloseable {
  static final McpJsonMapper MAPPER = new JacksonMcpJsonMapper(JsonMapper.shared());

  final Path dir;
  final Path auditLog;
  final InMemoryAuditSink memory = new InMemoryAuditSink();
  final AwaitingAuditSink awaiting = new AwaitingAuditSink();
  final JsonlAuditSink jsonl;
  final OrchestratorCallGuard guard;
  final McpGateway gateway;
  final McpSyncClient client;

  private GatewayHarness(Builder b) throws IOException {
    this.dir = b.dir;
    this.auditLog = dir.resolve("audit.jsonl");
    this.jsonl = JsonlAuditSink.builder(auditLog).build();
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, b.policy, StandardCharsets.UTF_8);
    Path config = dir.resolve("mcp.json");
    Files.writeString(config, b.config, StandardCharsets.UTF_8);
    OrchestratorCallGuard.Builder gb = OrchestratorCallGuard.builder().policyFile(policy)
        .auditSink(memory).auditSink(awaiting).auditSink(jsonl).observe(b.observe)
        .escalationTimeout(b.escalationTimeout.plusSeconds(5));
    this.guard = gb.build();
    McpConfig mcp = new McpConfigReader().read(config);
    McpGateway.Builder gwb = McpGateway.builder().config(mcp).guard(guard)
        .connectSettings(new ConnectSettings(b.workdir == null ? dir : b.workdir, System.getenv(),
            Duration.ofSeconds(60)))
        .callTimeout(b.callTimeout).escalationTimeout(b.escalationTimeout)
        .restartBackoff(Duration.ZERO).lock(b.lock);
    if (b.maxMessageChars > 0) {
      gwb.maxMessageChars(b.maxMessageChars);
    }
    b.gatewayOptions.accept(gwb);
    this.gateway = gwb.build();
    gateway.start();
    if (b.clientless) {
      this.client = null;
      return;
    }
    Pipe toGateway = Pipe.open();
    Pipe toClient = Pipe.open();
    gateway.serve(new StdioServerTransport(MAPPER, Channels.newInputStream(toGateway.source()),
        Channels.newOutputStream(toClient.sink()), StdioServerTransport.DEFAULT_MAX_MESSAGE_CHARS));
    StreamClientTransport transport = new StreamClientTransport(Channels.newInputStream(toClient.source()),
        Channels.newOutputStream(toGateway.sink()), MAPPER);
    McpClient.SyncSpec spec = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(120))
        .jsonSchemaValidator(new DefaultJsonSchemaValidator())
        .clientInfo(McpSchema.Implementation.builder("gateway-test-client", "1.0").build());
    if (b.elicitation != null) {
      spec.capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
          .elicitation(b.elicitation);
    }
    this.client = spec.build();
    client.initialize();
  }

  static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /** The JVM running this test, and its class path (surefire puts the test class path there). */
  static String fakeEntry(String name, String... args) {
    List<String> a = new ArrayList<>(List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Xmx96m", "-cp", System.getProperty("java.class.path"), FakeUpstreamServer.class.getName()));
    a.addAll(List.of(args));
    return "\"" + name + "\": {\"command\": " + json(javaCommand()) + ", \"args\": ["
        + a.stream().map(GatewayHarness::json).collect(Collectors.joining(", ")) + "]}";
  }

  static String javaCommand() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  static String json(String s) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String config(String... entries) {
    return "{\"mcpServers\": {" + String.join(", ", entries) + "}}";
  }

  McpSchema.CallToolResult call(String tool, java.util.Map<String, Object> args) {
    return client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(args).build());
  }

  List<String> listedTools() {
    return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
  }

  static String text(McpSchema.CallToolResult r) {
    return r.content().stream().filter(c -> c instanceof McpSchema.TextContent)
        .map(c -> ((McpSchema.TextContent) c).text()).collect(Collectors.joining("\n"));
  }

  List<AuditEvent> events(io.ape.api.AuditEventType type) {
    return memory.events(type);
  }

  List<AuditEvent> events() {
    return memory.events();
  }

  List<AuditEvent> gatewayEvents(String what) {
    return events().stream().filter(e -> what.equals(e.details().get(McpGateway.EVENT_DETAIL))).toList();
  }

  @Override
  public void close() {
    try {
      if (client != null) {
        client.closeGracefully();
      }
    } catch (RuntimeException e) {
      // the gateway may already be gone
    }
    gateway.close();
    guard.close();
    jsonl.close();
  }

  /** Options of a harness. */
  static final class Builder {
    final Path dir;
    String config = "{\"mcpServers\": {}}";
    String policy = "name: t\nversion: \"1\"\ndefault_decision: deny\n";
    boolean observe;
    Path workdir;
    ToolLock lock;
    Duration callTimeout = Duration.ofSeconds(30);
    Duration escalationTimeout = Duration.ofSeconds(30);
    int maxMessageChars;
    Function<McpSchema.ElicitFormRequest, McpSchema.ElicitResult> elicitation;
    boolean clientless;
    Consumer<McpGateway.Builder> gatewayOptions = b -> { };

    Builder(Path dir) {
      this.dir = dir;
    }

    Builder config(String json) {
      this.config = json;
      return this;
    }

    Builder policy(String yaml) {
      this.policy = yaml;
      return this;
    }

    Builder observe() {
      this.observe = true;
      return this;
    }

    Builder workdir(Path d) {
      this.workdir = d;
      return this;
    }

    Builder lock(ToolLock l) {
      this.lock = l;
      return this;
    }

    Builder callTimeout(Duration d) {
      this.callTimeout = d;
      return this;
    }

    Builder escalationTimeout(Duration d) {
      this.escalationTimeout = d;
      return this;
    }

    Builder maxMessageChars(int n) {
      this.maxMessageChars = n;
      return this;
    }

    Builder elicitation(Function<McpSchema.ElicitFormRequest, McpSchema.ElicitResult> handler) {
      this.elicitation = handler;
      return this;
    }

    /** No stdio client: the test serves the gateway itself (streamable HTTP). */
    Builder clientless() {
      this.clientless = true;
      return this;
    }

    Builder gateway(Consumer<McpGateway.Builder> options) {
      this.gatewayOptions = options;
      return this;
    }

    GatewayHarness start() throws IOException {
      return new GatewayHarness(this);
    }
  }

  /** For elicitation handlers: an answer. */
  static Mono<McpSchema.ElicitResult> answer(McpSchema.ElicitResult r) {
    return Mono.just(r);
  }
}
