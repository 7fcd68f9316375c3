package io.ape.springai.internal;

import io.ape.api.ActionParameterException;
import io.ape.api.ApeException;
import io.ape.api.CallStatus;
import io.ape.api.GuardedCallResult;
import io.ape.api.SessionNotFoundException;
import io.ape.core.internal.adapter.ToolRegistrar;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.ToolRegistration;
import io.ape.springai.ApeToolRefusedException;
import io.ape.springai.RefusalMode;
import io.ape.springai.SessionMapping;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;

/**
 * The one seam of this module: every Spring AI tool call the guard wraps goes through
 * {@link #execute}, which hands it to the engine's guarded call ({@link AgentSession#call}).
 * Nothing else runs a wrapped callback. Thread-safe.
 */
public final class Guard {
  private static final Logger LOG = LoggerFactory.getLogger(Guard.class);
  /** Where Spring AI's MCP server puts the MCP exchange ({@code McpToolUtils}). */
  private static final String MCP_EXCHANGE_KEY = "exchange";

  private final ApeEngine engine;
  private final RefusalMode refusalMode;
  private final SessionMapping sessions;
  private final ToolRegistrar registrar;
  private final Set<String> mcpClientTools = ConcurrentHashMap.newKeySet();

  /** A guard; every argument is required. */
  public Guard(ApeEngine engine, RefusalMode refusalMode, SessionMapping sessions,
      UnaryOperator<ToolRegistration> registrations) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.refusalMode = Objects.requireNonNull(refusalMode, "refusalMode");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.registrar = new ToolRegistrar(engine, registrations,
        "(the Spring Boot auto-configuration makes one)");
  }

  /** The engine. */
  public ApeEngine engine() {
    return engine;
  }

  /** The session mapping. */
  public SessionMapping sessions() {
    return sessions;
  }

  /**
   * {@code original}, guarded (itself if it is already guarded by this guard).
   *
   * @throws io.ape.api.ApeConfigurationException if the engine refuses the registration
   */
  public ToolCallback wrap(ToolCallback original) {
    Objects.requireNonNull(original, "tool callback");
    if (original instanceof GuardedToolCallback g && g.guard() == this) {
      return original;
    }
    String toolId = original.getToolDefinition().name();
    registrar.register(toolId, new ToolBridge(toolId));
    if (isMcpClientTool(original)) {
      mcpClientTools.add(toolId);
    }
    return new GuardedToolCallback(this, toolId, original);
  }

  /** The names of the guarded tools whose original is a Spring AI MCP client tool callback. */
  public Set<String> mcpClientTools() {
    return Set.copyOf(mcpClientTools);
  }

  private static boolean isMcpClientTool(ToolCallback callback) {
    for (Class<?> c = callback.getClass(); c != null; c = c.getSuperclass()) {
      String name = c.getName();
      if (name.equals("org.springframework.ai.mcp.SyncMcpToolCallback")
          || name.equals("org.springframework.ai.mcp.AsyncMcpToolCallback")) {
        return true;
      }
    }
    return false;
  }

  /** Runs one tool call as a guarded call; returns the text for the model. */
  String execute(String toolId, ToolCallback original, String input, ToolContext toolContext) {
    GuardedCallResult result;
    CallContext call = null;
    try {
      Optional<AgentSession> found = sessions.sessionFor(toolContext, engine);
      if (found == null || found.isEmpty()) {
        return refuse(toolId, local(CallStatus.INVALID, new SessionNotFoundException(
            "no APE session for this Spring AI tool call; open an ApeSessionScope around the "
                + "chat call (or configure a SessionMapping)")), toolContext);
      }
      AgentSession session = found.get();
      if (engine.findSession(session.tenantId(), session.id()).filter(s -> s == session)
          .isEmpty()) {
        return refuse(toolId, local(CallStatus.INVALID, new SessionNotFoundException(
            "the session of this Spring AI tool call is not an active session of this engine "
                + "(it ended, or belongs to another engine)")), toolContext);
      }
      Map<String, Object> arguments = ToolArguments.parse(toolId, input);
      call = CallContext.open(toolId, original, toolContext, input, arguments);
      result = session.call(toolId, arguments);
      if (result == null) {
        result = local(CallStatus.FAILED, new GuardException("the guarded call returned nothing"));
      }
    } catch (ActionParameterException e) {
      result = local(CallStatus.INVALID, e);
    } catch (ApeException e) {
      result = local(CallStatus.FAILED, e);
    } catch (RuntimeException e) {
      result = local(CallStatus.FAILED, new GuardException("the guarded call failed: "
          + e.getClass().getName(), e));
    } finally {
      if (call != null) {
        call.close();
      }
    }
    if (result.executed()) {
      if (call != null && call.result != null) {
        return call.result;
      }
      Object value = result.value().value();
      return value == null ? "" : String.valueOf(value);
    }
    return refuse(toolId, result, toolContext);
  }

  /**
   * The refusal: the terse text as the tool's result, or an {@link ApeToolRefusedException}
   * (terse message) in abort mode — and when the Spring AI MCP server runs the callback (an MCP
   * exchange in the tool context), so that Spring AI returns an {@code isError} result to the
   * MCP client, as a denial must be.
   */
  private String refuse(String toolId, GuardedCallResult result, ToolContext toolContext) {
    LOG.debug("APE refused tool {} ({}, correlation {})", toolId, result.status(),
        result.correlationId());
    if (refusalMode == RefusalMode.ABORT || runByMcpServer(toolContext)) {
      throw new ApeToolRefusedException(toolId, result);
    }
    return result.modelMessage();
  }

  private static boolean runByMcpServer(ToolContext toolContext) {
    Object exchange = toolContext == null || toolContext.getContext() == null ? null
        : toolContext.getContext().get(MCP_EXCHANGE_KEY);
    if (exchange == null) {
      return false;
    }
    String type = exchange.getClass().getName();
    return type.equals("io.modelcontextprotocol.server.McpSyncServerExchange")
        || type.equals("io.modelcontextprotocol.server.McpAsyncServerExchange");
  }

  private static GuardedCallResult local(CallStatus status, ApeException error) {
    String correlation = "adapter-" + UUID.randomUUID();
    LOG.warn("APE adapter refused a Spring AI tool call before the engine decided ({}, "
        + "correlation {}): {}", status, correlation, error.getMessage());
    return new GuardedCallResult(status, null, null, error, Map.of(), correlation);
  }

  /** An unexpected failure of the guarded call, seen by the adapter. */
  static final class GuardException extends ApeException {
    private static final long serialVersionUID = 1L;

    GuardException(String message) {
      super(message);
    }

    GuardException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
