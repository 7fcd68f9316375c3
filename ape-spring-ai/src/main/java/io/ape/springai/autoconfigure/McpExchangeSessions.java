package io.ape.springai.autoconfigure;

import io.ape.engine.AgentSession;
import io.ape.mcpsdk.ServerSessionMapping;
import io.ape.springai.SessionMapping;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import java.util.Optional;
import org.springframework.ai.mcp.McpToolUtils;

/**
 * The session of a tool callback run by the Spring AI MCP server: Spring AI passes the MCP
 * exchange in the callback's {@code ToolContext}; the application's {@link ServerSessionMapping}
 * maps the MCP session (and the transport context its authentication filled) to the APE
 * session. Nothing the client writes ({@code _meta}, arguments) is used. Without a mapping bean
 * there is no session and every call is refused.
 */
final class McpExchangeSessions implements McpSessions {
  private final ServerSessionMapping mapping;

  McpExchangeSessions(ServerSessionMapping mapping) {
    this.mapping = mapping;
  }

  @Override
  public SessionMapping callbackMapping() {
    return (toolContext, engine) -> {
      if (mapping == null || toolContext == null) {
        return Optional.empty();
      }
      Optional<McpSyncServerExchange> exchange = McpToolUtils.getMcpExchange(toolContext);
      if (exchange.isEmpty()) {
        return Optional.empty();
      }
      Optional<AgentSession> session = mapping.sessionFor(exchange.get().sessionId(),
          exchange.get().transportContext(), engine);
      return session == null ? Optional.empty() : session;
    };
  }
}
