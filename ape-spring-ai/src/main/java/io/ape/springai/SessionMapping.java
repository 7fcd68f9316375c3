package io.ape.springai;

import io.ape.engine.ApeEngine;
import io.ape.engine.AgentSession;
import java.util.Objects;
import java.util.Optional;
import org.springframework.ai.chat.model.ToolContext;

/**
 * Which APE session a Spring AI tool call belongs to. A call with no session is refused (the
 * tool does not run). Never put an APE session id into the {@code ToolContext}: Spring AI copies
 * every entry of it into MCP {@code _meta}.
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface SessionMapping {
  /** The session of this tool call, or empty. */
  Optional<AgentSession> sessionFor(ToolContext toolContext, ApeEngine engine);

  /** The default: the session bound to the thread by {@link ApeSessionScope}. */
  static SessionMapping currentScope() {
    return (toolContext, engine) -> Optional.ofNullable(ApeSessionScope.current());
  }

  /** This mapping, else {@code next}. */
  default SessionMapping orElse(SessionMapping next) {
    Objects.requireNonNull(next, "next");
    return (toolContext, engine) -> {
      Optional<AgentSession> s = sessionFor(toolContext, engine);
      return s != null && s.isPresent() ? s : next.sessionFor(toolContext, engine);
    };
  }
}
