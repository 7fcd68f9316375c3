package io.ape.langchain4j;

import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.invocation.InvocationParameters;
import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import java.util.Objects;
import java.util.Optional;

/**
 * Which APE session a LangChain4j tool call belongs to. A call with no session is refused (the
 * tool does not run).
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface SessionMapping {
  /**
   * The session of the AI service invocation, or empty.
   *
   * @param invocation the invocation context LangChain4j passes to the tool executor
   * @param engine the engine
   */
  Optional<AgentSession> sessionFor(InvocationContext invocation, ApeEngine engine);

  /**
   * The default: the invocation parameters (never shown to the model) hold the session under
   * {@link ApeLangChain4j#SESSION}, either the session object itself or its id (with the tenant
   * under {@link ApeLangChain4j#TENANT}, default the engine's).
   */
  static SessionMapping invocationParameters() {
    return (invocation, engine) -> {
      InvocationParameters parameters = invocation == null ? null
          : invocation.invocationParameters();
      if (parameters == null || !parameters.containsKey(ApeLangChain4j.SESSION)) {
        return Optional.empty();
      }
      Object session = parameters.get(ApeLangChain4j.SESSION);
      if (session instanceof AgentSession s) {
        // only an active session of this engine (not another engine's, not an ended one)
        return engine.findSession(s.tenantId(), s.id()).filter(found -> found == s);
      }
      if (session instanceof String id) {
        Object tenant = parameters.getOrDefault(ApeLangChain4j.TENANT, engine.tenant());
        return engine.findSession(String.valueOf(tenant), id);
      }
      return Optional.empty();
    };
  }

  /** The chat memory id is the session id, in the engine's tenant. */
  static SessionMapping memoryIdAsSessionId() {
    return (invocation, engine) -> invocation == null || invocation.chatMemoryId() == null
        ? Optional.empty()
        : engine.findSession(engine.tenant(), String.valueOf(invocation.chatMemoryId()));
  }

  /** This mapping, else {@code next}. */
  default SessionMapping orElse(SessionMapping next) {
    Objects.requireNonNull(next, "next");
    return (invocation, engine) -> {
      Optional<AgentSession> s = sessionFor(invocation, engine);
      return s != null && s.isPresent() ? s : next.sessionFor(invocation, engine);
    };
  }
}
