package io.ape.springai.internal;

import io.ape.api.ActionParameterException;
import io.ape.api.ApeException;
import io.ape.api.CallStatus;
import io.ape.api.GuardedCallResult;
import io.ape.api.SessionNotFoundException;
import io.ape.springai.ApeToolRefusedException;
import io.ape.springai.RefusalMode;
import io.ape.springai.SessionMapping;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;

/**
 * The one seam of this module: every Spring AI tool call the guard wraps goes through
 * {@link #execute}, which hands it to the engine's guarded call ({@link SessionSeam#call}).
 * Nothing else runs a wrapped callback. Thread-safe.
 */
public final class Guard {
  private static final Logger LOG = LoggerFactory.getLogger(Guard.class);

  private final EngineSeam engine;
  private final RefusalMode refusalMode;
  private final SessionMapping sessions;
  private final Set<String> registered = ConcurrentHashMap.newKeySet();

  /** A guard; every argument is required. */
  public Guard(EngineSeam engine, RefusalMode refusalMode, SessionMapping sessions) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.refusalMode = Objects.requireNonNull(refusalMode, "refusalMode");
    this.sessions = Objects.requireNonNull(sessions, "sessions");
  }

  /** The engine. */
  public EngineSeam engine() {
    return engine;
  }

  /** The session mapping. */
  public SessionMapping sessions() {
    return sessions;
  }

  /** {@code original}, guarded (itself if it is already guarded by this guard). */
  public ToolCallback wrap(ToolCallback original) {
    Objects.requireNonNull(original, "tool callback");
    if (original instanceof GuardedToolCallback g && g.guard() == this) {
      return original;
    }
    String toolId = original.getToolDefinition().name();
    if (registered.add(toolId)) {
      try {
        engine.registerTool(toolId, new ToolBridge(toolId));
      } catch (RuntimeException e) {
        registered.remove(toolId);
        throw e;
      }
    }
    return new GuardedToolCallback(this, toolId, original);
  }

  /** Runs one tool call as a guarded call; returns the text for the model. */
  String execute(String toolId, ToolCallback original, String input, ToolContext toolContext) {
    GuardedCallResult result;
    CallContext call = null;
    try {
      Optional<SessionSeam> found = sessions.sessionFor(toolContext, engine);
      if (found == null || found.isEmpty()) {
        return refuse(toolId, local(CallStatus.INVALID, new SessionNotFoundException(
            "no APE session for this Spring AI tool call; open an ApeSessionScope around the "
                + "chat call (or configure a SessionMapping)")));
      }
      Map<String, Object> arguments = ToolArguments.parse(toolId, input);
      call = CallContext.open(toolId, original, toolContext);
      result = found.get().call(toolId, arguments);
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
    return refuse(toolId, result);
  }

  private String refuse(String toolId, GuardedCallResult result) {
    LOG.debug("APE refused tool {} ({}, correlation {})", toolId, result.status(),
        result.correlationId());
    if (refusalMode == RefusalMode.ABORT) {
      throw new ApeToolRefusedException(toolId, result);
    }
    return result.modelMessage();
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
