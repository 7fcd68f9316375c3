package io.ape.mcpsdk;

import io.ape.api.GuardedCallResult;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.ToolRegistration;
import io.ape.mcpsdk.internal.Guard;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Guards an MCP Java SDK client: {@code callTool} becomes the engine's guarded call, the
 * upstream server is called with the parameters the token binds (and the caller's own
 * {@code _meta}; APE adds nothing to it), and the result is recorded as untrusted input of the
 * session. A refusal is an error result with a terse text, or an
 * {@link ApeToolRefusedException} when {@code abortOnRefusal} is set.
 *
 * <p>Tool ids are {@code server.tool} (the server name given here, a dot, the tool's name).
 *
 * @since 0.2.0
 */
public final class ApeMcpClient {
  private final Guard guard;
  private final boolean abort;
  private final Duration asyncTimeout;

  private ApeMcpClient(Guard guard, boolean abort, Duration asyncTimeout) {
    this.guard = guard;
    this.abort = abort;
    this.asyncTimeout = asyncTimeout;
  }

  /**
   * A builder for {@code engine}. Build one per engine and reuse it: each tool id is registered
   * with the engine once, and another guard cannot register it again.
   */
  public static Builder guard(ApeEngine engine) {
    return new Builder(Objects.requireNonNull(engine, "engine"));
  }

  /** {@code client} (connected to {@code serverName}), guarded for {@code session}. */
  public Sync sync(McpSyncClient client, String serverName, AgentSession session) {
    return new Sync(Objects.requireNonNull(client, "client"), serverName, session);
  }

  /** {@code client} (connected to {@code serverName}), guarded for {@code session}. */
  public Async async(McpAsyncClient client, String serverName, AgentSession session) {
    return new Async(Objects.requireNonNull(client, "client"), serverName, session);
  }

  private CallToolResult call(String serverName, AgentSession session, CallToolRequest request,
      Function<CallToolRequest, CallToolResult> upstream) {
    Objects.requireNonNull(request, "request");
    String toolId = serverName + "." + request.name();
    Guard.Outcome outcome;
    try {
      guard.register(toolId);
    } catch (RuntimeException e) {
      // the engine would not take the tool: refuse (the engine never saw the call)
      return refuse(toolId, Guard.refusedBeforeEngine(e));
    }
    outcome = guard.execute(toolId, session, request.arguments(),
        bound -> upstream.apply(new CallToolRequest(request.name(), bound, request.meta())));
    GuardedCallResult result = outcome.result();
    if (!result.executed()) {
      return refuse(toolId, result);
    }
    return outcome.toolResult() != null ? outcome.toolResult()
        : CallToolResult.builder().addTextContent(String.valueOf(result.value().value())).build();
  }

  private CallToolResult refuse(String toolId, GuardedCallResult result) {
    if (abort) {
      throw new ApeToolRefusedException(toolId, result);
    }
    return Guard.refusal(result);
  }

  /** A guarded synchronous client. Thread-safe as the client is. */
  public final class Sync {
    private final McpSyncClient client;
    private final String serverName;
    private final AgentSession session;

    private Sync(McpSyncClient client, String serverName, AgentSession session) {
      this.client = client;
      this.serverName = Objects.requireNonNull(serverName, "serverName");
      this.session = Objects.requireNonNull(session, "session");
    }

    /** Calls a tool of the server as a guarded call. */
    public CallToolResult callTool(CallToolRequest request) {
      return call(serverName, session, request, client::callTool);
    }

    /** Calls a tool by name with arguments. */
    public CallToolResult callTool(String name, Map<String, Object> arguments) {
      return callTool(new CallToolRequest(name, arguments));
    }

    /** The client underneath (listing tools, closing; its callTool is not guarded). */
    public McpSyncClient client() {
      return client;
    }
  }

  /** A guarded asynchronous client. */
  public final class Async {
    private final McpAsyncClient client;
    private final String serverName;
    private final AgentSession session;

    private Async(McpAsyncClient client, String serverName, AgentSession session) {
      this.client = client;
      this.serverName = Objects.requireNonNull(serverName, "serverName");
      this.session = Objects.requireNonNull(session, "session");
    }

    /**
     * Calls a tool as a guarded call on Reactor's bounded elastic scheduler, waiting for the
     * server at most the configured timeout.
     */
    public Mono<CallToolResult> callTool(CallToolRequest request) {
      return Mono.fromCallable(() -> call(serverName, session, request,
              r -> client.callTool(r).block(asyncTimeout)))
          .subscribeOn(Schedulers.boundedElastic());
    }
  }

  /** Builds an {@link ApeMcpClient}; each option can be set once. */
  public static final class Builder {
    private final ApeEngine engine;
    private UnaryOperator<ToolRegistration> registrations;
    private Boolean abort;
    private Duration asyncTimeout;

    private Builder(ApeEngine engine) {
      this.engine = engine;
    }

    /** Throw {@link ApeToolRefusedException} on a refusal instead of returning an error result. */
    public Builder abortOnRefusal() {
      if (abort != null) {
        throw new IllegalStateException("abortOnRefusal already set");
      }
      abort = true;
      return this;
    }

    /** How long a guarded asynchronous call waits for the server; default 5 minutes. */
    public Builder asyncTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (asyncTimeout != null) {
        throw new IllegalStateException("asyncTimeout already set to " + asyncTimeout);
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("asyncTimeout must be positive, got " + timeout);
      }
      asyncTimeout = timeout;
      return this;
    }

    /**
     * Refines how each tool is registered with the engine (action id, risk, schema, trusted
     * source); gets {@code ToolRegistration.of(toolId, bridge)} and must keep the tool id and
     * the tool. Default: as is (the action id is the tool id; risk the action repository's,
     * else HIGH).
     */
    public Builder registrations(UnaryOperator<ToolRegistration> customiser) {
      Objects.requireNonNull(customiser, "customiser");
      if (registrations != null) {
        throw new IllegalStateException("registrations already set");
      }
      registrations = customiser;
      return this;
    }

    /** The guard. */
    public ApeMcpClient build() {
      return new ApeMcpClient(new Guard(engine, registrations != null ? registrations : UnaryOperator.identity()), abort != null && abort,
          asyncTimeout != null ? asyncTimeout : Duration.ofMinutes(5));
    }
  }
}
