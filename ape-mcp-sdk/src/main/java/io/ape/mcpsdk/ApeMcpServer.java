package io.ape.mcpsdk;

import io.ape.api.GuardedCallResult;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.ToolRegistration;
import io.ape.mcpsdk.internal.Guard;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Guards the tools of an MCP Java SDK server: each {@code tools/call} becomes the engine's
 * guarded call, the handler runs with the parameters the token binds, and a refusal is a
 * {@code CallToolResult} with {@code isError: true} and a terse text (never an exception, which
 * the SDK would turn into a JSON-RPC error).
 *
 * <pre>{@code
 * ApeMcpServer ape = ApeMcpServer.guard(engine)
 *     .sessions(ServerSessionMapping.single(session))
 *     .build();
 * McpServer.sync(transport).tools(ape.guard(getTicket), ape.guard(sendEmail)).build();
 * }</pre>
 *
 * <p>The tool id (and action id) is the tool's name. Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class ApeMcpServer {
  private final Guard guard;
  private final ServerSessionMapping sessions;
  private final Duration asyncTimeout;

  private ApeMcpServer(Guard guard, ServerSessionMapping sessions, Duration asyncTimeout) {
    this.guard = guard;
    this.sessions = sessions;
    this.asyncTimeout = asyncTimeout;
  }

  /**
   * A builder for {@code engine}. Build one per engine and reuse it: each tool id is registered
   * with the engine once, and another guard cannot register it again.
   */
  public static Builder guard(ApeEngine engine) {
    return new Builder(Objects.requireNonNull(engine, "engine"));
  }

  /** A synchronous tool specification, guarded. */
  public SyncToolSpecification guard(SyncToolSpecification spec) {
    Objects.requireNonNull(spec, "spec");
    String toolId = spec.tool().name();
    guard.register(toolId);
    return new SyncToolSpecification(spec.tool(), (exchange, request) -> handle(toolId,
        exchange.sessionId(), exchange.transportContext(), request,
        bound -> spec.callHandler().apply(exchange, rebound(request, bound))));
  }

  /**
   * An asynchronous tool specification, guarded. The guarded call runs on Reactor's bounded
   * elastic scheduler and waits for the original handler at most the configured timeout.
   */
  public AsyncToolSpecification guard(AsyncToolSpecification spec) {
    Objects.requireNonNull(spec, "spec");
    String toolId = spec.tool().name();
    guard.register(toolId);
    return new AsyncToolSpecification(spec.tool(), (exchange, request) -> Mono.fromCallable(
        () -> handle(toolId, exchange.sessionId(), exchange.transportContext(), request,
            bound -> spec.callHandler().apply(exchange, rebound(request, bound))
                .block(asyncTimeout)))
        .subscribeOn(Schedulers.boundedElastic())
        .onErrorResume(e -> Mono.just(CallToolResult.builder().isError(true)
            .addTextContent("APE refused this tool call: it could not be checked safely.")
            .build())));
  }

  /** Synchronous tool specifications, guarded. */
  public List<SyncToolSpecification> guardAll(List<SyncToolSpecification> specs) {
    List<SyncToolSpecification> out = new ArrayList<>();
    for (SyncToolSpecification s : specs) {
      out.add(guard(s));
    }
    return List.copyOf(out);
  }

  private CallToolResult handle(String toolId, String mcpSessionId,
      McpTransportContext transportContext, CallToolRequest request,
      Function<Map<String, Object>, CallToolResult> original) {
    AgentSession session;
    try {
      Optional<AgentSession> found = sessions.sessionFor(mcpSessionId, transportContext,
          guard.engine());
      session = found == null ? null : found.orElse(null);
    } catch (RuntimeException e) {
      session = null;
    }
    Guard.Outcome outcome = guard.execute(toolId, session, request.arguments(), original);
    GuardedCallResult result = outcome.result();
    if (!result.executed()) {
      return Guard.refusal(result);
    }
    if (outcome.toolResult() != null) {
      return outcome.toolResult();
    }
    Object value = result.value().value();
    return CallToolResult.builder().addTextContent(value == null ? "" : String.valueOf(value))
        .build();
  }

  private static CallToolRequest rebound(CallToolRequest request, Map<String, Object> bound) {
    return new CallToolRequest(request.name(), bound, request.meta());
  }

  /** Builds an {@link ApeMcpServer}; each option can be set once. */
  public static final class Builder {
    private final ApeEngine engine;
    private UnaryOperator<ToolRegistration> registrations;
    private ServerSessionMapping sessions;
    private Duration asyncTimeout;

    private Builder(ApeEngine engine) {
      this.engine = engine;
    }

    /** How a call finds its session (required). */
    public Builder sessions(ServerSessionMapping mapping) {
      this.sessions = once("sessions", this.sessions, mapping);
      return this;
    }

    /** How long a guarded asynchronous handler may run; default 5 minutes. */
    public Builder asyncTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("asyncTimeout must be positive, got " + timeout);
      }
      this.asyncTimeout = once("asyncTimeout", this.asyncTimeout, timeout);
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

    /** The guard; fails if no session mapping was set. */
    public ApeMcpServer build() {
      if (sessions == null) {
        throw new IllegalStateException("sessions not set: an MCP server must say which APE "
            + "session a client's calls belong to (e.g. ServerSessionMapping.single(session))");
      }
      return new ApeMcpServer(new Guard(engine, registrations != null ? registrations : UnaryOperator.identity()), sessions,
          asyncTimeout != null ? asyncTimeout : Duration.ofMinutes(5));
    }

    private static <T> T once(String name, T current, T value) {
      Objects.requireNonNull(value, name);
      if (current != null) {
        throw new IllegalStateException(name + " already set to " + current);
      }
      return value;
    }
  }
}
