package io.ape.mcpsdk;

import io.ape.engine.AgentSession;
import io.ape.engine.ApeEngine;
import io.modelcontextprotocol.common.McpTransportContext;
import java.util.Objects;
import java.util.Optional;

/**
 * Which APE session a call to a guarded MCP server tool belongs to. Decide it from what the
 * server knows about the client (the MCP session, the transport context your authentication
 * filled), never from the request's {@code _meta}, which the client writes. A call with no
 * session is refused with an error result.
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface ServerSessionMapping {
  /**
   * The session, or empty.
   *
   * @param mcpSessionId the MCP session of the client
   * @param transportContext the transport context (may be {@code null})
   * @param engine the engine
   */
  Optional<AgentSession> sessionFor(String mcpSessionId, McpTransportContext transportContext,
      ApeEngine engine);

  /** One session for every call: a stdio server serves one client. */
  static ServerSessionMapping single(AgentSession session) {
    Objects.requireNonNull(session, "session");
    return (mcpSessionId, transportContext, engine) -> Optional.of(session);
  }
}
