package io.ape.bench;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.service.tool.ToolExecutor;
import io.ape.api.GuardedCallResult;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.SessionOptions;
import io.ape.langchain4j.ApeLangChain4j;
import io.ape.mcpsdk.ApeMcpServer;
import io.ape.springai.ApeSessionScope;
import io.ape.springai.ApeSpringAi;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * What a guarded tool call costs through each adapter (issue 13): the bare tool, the engine's
 * guarded call ({@code AgentSession.call}), and the same tool through the LangChain4j
 * {@code ToolExecutor}, the Spring AI {@code ToolCallback} and the MCP SDK
 * {@code SyncToolSpecification} guards (no model, no transport: the adapter as the framework
 * calls it). The adapter's own overhead is its figure minus {@link #engineCall}'s.
 *
 * <p>One engine, one session and one guard per thread; the session is renewed every
 * {@value Adapters#SESSION_CALLS} calls (the session caps its calls).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AdapterOverheadBenchmark {
  static final String POLICY = """
      name: bench
      version: "1"
      default_decision: deny
      rules:
        - id: lookups
          action: lookup
          decision: allow
          provenance: any
      """;

  /** The tools, the engine and the three guards. */
  @State(Scope.Thread)
  public static class Adapters {
    static final int SESSION_CALLS = 5_000;
    final Map<String, Object> arguments = Map.of("customer", "acme");
    final String json = "{\"customer\":\"acme\"}";
    ApeEngine engine;
    AgentSession session;
    int calls;
    io.ape.api.Tool bare;
    ToolExecutor langchain4j;
    ToolExecutionRequest request;
    ToolCallback springAi;
    SyncToolSpecification mcp;
    McpSyncServerExchange exchange;
    CallToolRequest mcpRequest;

    @Setup
    public void start() {
      Path policy;
      try {
        policy = Files.createTempFile("ape-bench-adapters", ".yaml");
        Files.writeString(policy, POLICY);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      engine = ApeEngine.builder().policyFile(policy).build();
      bare = p -> "customer " + p.get("customer");
      engine.registerTool("lookup", bare);
      // the same tool through each framework, registered under ids of their own, same action
      langchain4j = ApeLangChain4j.guard(engine)
          .registrations(r -> r.withAction("lookup")).build()
          .executor("lc4j.lookup", (req, memoryId) -> "customer acme");
      request = ToolExecutionRequest.builder().id("1").name("lc4j.lookup").arguments(json)
          .build();
      springAi = ApeSpringAi.guard(engine).registrations(r -> r.withAction("lookup")).build()
          .guard(new ToolCallback() {
            final ToolDefinition definition = ToolDefinition.builder().name("spring.lookup")
                .description("lookup").inputSchema("{\"type\":\"object\"}").build();

            @Override
            public ToolDefinition getToolDefinition() {
              return definition;
            }

            @Override
            public String call(String input) {
              return "customer acme";
            }

            @Override
            public String call(String input, ToolContext context) {
              return "customer acme";
            }
          });
      renewSession();
      mcp = ApeMcpServer.guard(engine).registrations(r -> r.withAction("lookup"))
          .sessions((mcpSession, transport, e) -> java.util.Optional.of(session)).build()
          .guard(new SyncToolSpecification(Tool.builder().name("mcp.lookup")
              .description("lookup").inputSchema(Map.of("type", "object")).build(),
              (ex, req) -> CallToolResult.builder().addTextContent("customer acme").build()));
      exchange = new McpSyncServerExchange(new McpAsyncServerExchange("bench", null, null, null,
          McpTransportContext.EMPTY));
      mcpRequest = new CallToolRequest("mcp.lookup", arguments);
    }

    void renewSession() {
      if (session != null) {
        session.close();
      }
      session = engine.openSession(SessionOptions.forUser("bench"));
      calls = 0;
    }

    void count() {
      if (++calls == SESSION_CALLS) {
        renewSession();
      }
    }

    InvocationContext invocation() {
      return InvocationContext.builder().invocationId(INVOCATION).chatMemoryId("m")
          .invocationParameters(InvocationParameters.from(ApeLangChain4j.SESSION, session))
          .build();
    }

    @TearDown
    public void stop() {
      engine.close();
    }
  }

  static final UUID INVOCATION = UUID.randomUUID();

  @Benchmark
  public Object bareTool(Adapters a) throws Exception {
    return a.bare.invoke(a.arguments);
  }

  @Benchmark
  public Object engineCall(Adapters a) {
    a.count();
    GuardedCallResult r = a.session.call("lookup", a.arguments);
    if (!r.executed()) {
      throw new IllegalStateException("not executed: " + r.error());
    }
    return r;
  }

  @Benchmark
  public Object langChain4j(Adapters a) {
    a.count();
    String text = a.langchain4j.executeWithContext(a.request, a.invocation()).resultText();
    if (!"customer acme".equals(text)) {
      throw new IllegalStateException("not executed: " + text);
    }
    return text;
  }

  @Benchmark
  public Object springAi(Adapters a) {
    a.count();
    try (ApeSessionScope scope = ApeSessionScope.open(a.session)) {
      String text = a.springAi.call(a.json, null);
      if (!"customer acme".equals(text)) {
        throw new IllegalStateException("not executed: " + text);
      }
      return text;
    }
  }

  @Benchmark
  public Object mcpSdk(Adapters a) {
    a.count();
    CallToolResult r = a.mcp.callHandler().apply(a.exchange, a.mcpRequest);
    if (Boolean.TRUE.equals(r.isError())) {
      throw new IllegalStateException("not executed: " + r.content());
    }
    return r;
  }
}
