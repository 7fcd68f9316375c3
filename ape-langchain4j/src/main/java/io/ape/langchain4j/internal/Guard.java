package io.ape.langchain4j.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import io.ape.api.ActionParameterException;
import io.ape.api.ApeException;
import io.ape.api.CallStatus;
import io.ape.api.GuardedCallResult;
import io.ape.api.SessionNotFoundException;
import io.ape.core.internal.adapter.ToolRegistrar;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.ape.engine.ToolRegistration;
import io.ape.langchain4j.ApeToolRefusedException;
import io.ape.langchain4j.RefusalMode;
import io.ape.langchain4j.SessionMapping;
import io.ape.langchain4j.UserMessageSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one seam of this module: every LangChain4j tool execution the guard wraps goes through
 * {@link #execute}, which hands it to the engine's guarded call ({@link AgentSession#call}) and
 * turns the result into what LangChain4j expects. Nothing else runs a wrapped tool: the engine's
 * gate runs the registered {@link ToolBridge}, which runs the original executor.
 *
 * <p>Thread-safe.
 */
public final class Guard {
  private static final Logger LOG = LoggerFactory.getLogger(Guard.class);
  private static final int REMEMBERED_INVOCATIONS = 4096;

  private final ApeEngine engine;
  private final RefusalMode refusalMode;
  private final SessionMapping sessions;
  private final UserMessageSource userMessages;
  private final ToolRegistrar registrar;
  /** Per session, the last invocation whose user message was recorded. */
  private final Map<String, UUID> recordedInvocations = new LinkedHashMap<>(64, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, UUID> eldest) {
      return size() > REMEMBERED_INVOCATIONS;
    }
  };

  /** A guard; every argument is required. */
  public Guard(ApeEngine engine, RefusalMode refusalMode, SessionMapping sessions,
      UserMessageSource userMessages, UnaryOperator<ToolRegistration> registrations) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.refusalMode = Objects.requireNonNull(refusalMode, "refusalMode");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.userMessages = Objects.requireNonNull(userMessages, "userMessages");
    this.registrar = new ToolRegistrar(engine, registrations,
        "for every AI service");
  }

  /** The engine. */
  public ApeEngine engine() {
    return engine;
  }

  /**
   * A guarded executor for the tool {@code toolId}, registering it with the engine once.
   *
   * @throws io.ape.api.ApeConfigurationException if the engine refuses the registration
   */
  public ToolExecutor wrap(String toolId, ToolExecutor original) {
    Objects.requireNonNull(toolId, "toolId");
    Objects.requireNonNull(original, "original");
    if (original instanceof GuardedToolExecutor g && g.guard() == this) {
      return original;
    }
    registrar.register(toolId, new ToolBridge(toolId));
    return new GuardedToolExecutor(this, toolId, original);
  }

  /** Runs one tool call as a guarded call. */
  ToolExecutionResult execute(String toolId, ToolExecutor original, ToolExecutionRequest request,
      InvocationContext invocation) {
    GuardedCallResult result;
    CallContext call = null;
    try {
      Optional<AgentSession> found = sessions.sessionFor(invocation, engine);
      if (found == null || found.isEmpty()) {
        return refuse(toolId, local(CallStatus.INVALID, new SessionNotFoundException(
            "no APE session for this LangChain4j invocation; pass one in the invocation "
                + "parameters under \"ape.session\" (or configure a SessionMapping)")));
      }
      AgentSession session = found.get();
      if (engine.findSession(session.tenantId(), session.id()).orElse(null) != session) {
        // a custom mapping may hand over anything: only an active session of this engine runs
        // this engine's tools
        return refuse(toolId, local(CallStatus.INVALID, new SessionNotFoundException(
            "the session of this LangChain4j tool call is not an active session of this engine "
                + "(it ended, or belongs to another engine)")));
      }
      recordUserMessage(session, invocation);
      Map<String, Object> arguments = ToolArguments.parse(toolId, request.arguments());
      call = CallContext.open(toolId, original, request, invocation, arguments);
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
      ToolExecutionResult framework = call == null ? null : call.result;
      if (framework != null) {
        return framework;
      }
      Object value = result.value().value();
      return ToolExecutionResult.builder().result(value)
          .resultText(value == null ? "" : String.valueOf(value)).build();
    }
    return refuse(toolId, result);
  }

  private ToolExecutionResult refuse(String toolId, GuardedCallResult result) {
    LOG.debug("APE refused tool {} ({}, correlation {})", toolId, result.status(),
        result.correlationId());
    if (refusalMode == RefusalMode.ABORT) {
      throw new ApeToolRefusedException(toolId, result);
    }
    return ToolExecutionResult.builder().isError(true).resultText(result.modelMessage()).build();
  }

  private void recordUserMessage(AgentSession session, InvocationContext invocation) {
    if (invocation == null || invocation.invocationId() == null) {
      return;
    }
    String key = session.id(); // unique within the engine (one guard per engine)
    synchronized (recordedInvocations) {
      if (invocation.invocationId().equals(recordedInvocations.get(key))) {
        return;
      }
      recordedInvocations.put(key, invocation.invocationId());
    }
    Optional<String> text = userMessages.userMessage(invocation);
    if (text != null && text.isPresent() && !text.get().isBlank()) {
      session.recordUserMessage(text.get());
    }
  }

  /** A refusal decided in the adapter, before the engine was reached (logged, not audited). */
  private static GuardedCallResult local(CallStatus status, ApeException error) {
    String correlation = "adapter-" + UUID.randomUUID();
    LOG.warn("APE adapter refused a LangChain4j tool call before the engine decided ({}, "
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
