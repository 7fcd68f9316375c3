package io.ape.mcpsdk.internal;

import io.ape.api.ApeException;
import io.ape.api.CallStatus;
import io.ape.api.GuardedCallResult;
import io.ape.api.SessionNotFoundException;
import io.ape.core.internal.adapter.ToolRegistrar;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.ToolRegistration;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one seam of this module: every guarded MCP tool call (server handler or client call)
 * goes through {@link #execute}, which hands it to the engine's guarded call. A refusal is a
 * {@link GuardedCallResult}; nothing here throws for one. Thread-safe.
 */
public final class Guard {
  private static final Logger LOG = LoggerFactory.getLogger(Guard.class);

  private final ApeEngine engine;
  private final ToolRegistrar registrar;

  /** A guard for {@code engine}; {@code registrations} refines each tool's registration. */
  public Guard(ApeEngine engine, UnaryOperator<ToolRegistration> registrations) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.registrar = new ToolRegistrar(engine, registrations,
        "for every server or client");
  }

  /** The engine. */
  public ApeEngine engine() {
    return engine;
  }

  /**
   * Registers the tool with the engine once.
   *
   * @throws io.ape.api.ApeConfigurationException if the engine refuses the registration
   */
  public void register(String toolId) {
    Objects.requireNonNull(toolId, "toolId");
    registrar.register(toolId, new ToolBridge(toolId));
  }

  /** The outcome of one guarded MCP call: the original's result, or the engine's refusal. */
  public record Outcome(GuardedCallResult result, CallToolResult toolResult) {}

  /**
   * Runs one call as a guarded call.
   *
   * @param session the session, or {@code null} (refused)
   * @param arguments the arguments the model sent (may be {@code null})
   * @param original runs the original tool with the bound parameters
   */
  public Outcome execute(String toolId, AgentSession session, Map<String, Object> arguments,
      Function<Map<String, Object>, CallToolResult> original) {
    if (session == null) {
      return new Outcome(local(CallStatus.INVALID, new SessionNotFoundException(
          "no APE session for this MCP call (configure the session mapping)")), null);
    }
    if (engine.findSession(session.tenantId(), session.id()).filter(s -> s == session)
        .isEmpty()) {
      return new Outcome(local(CallStatus.INVALID, new SessionNotFoundException(
          "the session of this MCP call is not an active session of this engine (it ended, "
              + "or belongs to another engine)")), null);
    }
    CallContext call = CallContext.open(toolId, original);
    try {
      // the engine deep-copies the arguments into the proposed call
      GuardedCallResult result = session.call(toolId, arguments == null ? Map.of() : arguments);
      if (result == null) {
        result = local(CallStatus.FAILED, new GuardException("the guarded call returned nothing",
            null));
      }
      return new Outcome(result, call.result);
    } catch (ApeException e) {
      return new Outcome(local(CallStatus.FAILED, e), null);
    } catch (RuntimeException e) {
      return new Outcome(local(CallStatus.FAILED, new GuardException("the guarded call failed: "
          + e.getClass().getName(), e)), null);
    } finally {
      call.close();
    }
  }

  /** The MCP result for a refusal: an error result with the terse text, never an exception. */
  public static CallToolResult refusal(GuardedCallResult result) {
    return CallToolResult.builder().isError(true).addTextContent(result.modelMessage()).build();
  }

  /** A refusal for a call the adapter could not hand to the engine. */
  public static GuardedCallResult refusedBeforeEngine(RuntimeException e) {
    return local(CallStatus.FAILED, e instanceof ApeException a ? a
        : new GuardException("the tool could not be registered: " + e.getClass().getName(), e));
  }

  private static GuardedCallResult local(CallStatus status, ApeException error) {
    String correlation = "adapter-" + UUID.randomUUID();
    LOG.warn("APE adapter refused an MCP tool call before the engine decided ({}, correlation "
        + "{}): {}", status, correlation, error.getMessage());
    return new GuardedCallResult(status, null, null, error, Map.of(), correlation);
  }

  /** An unexpected failure of the guarded call, seen by the adapter. */
  static final class GuardException extends ApeException {
    private static final long serialVersionUID = 1L;

    GuardException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
