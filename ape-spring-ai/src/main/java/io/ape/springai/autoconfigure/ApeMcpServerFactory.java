package io.ape.springai.autoconfigure;

import io.ape.api.ApeConfigurationException;
import io.ape.engine.ApeEngine;
import io.ape.mcpsdk.ApeMcpServer;
import io.ape.mcpsdk.ServerSessionMapping;
import io.ape.springai.ApeToolCallbacks;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;

/** Builds the one {@link ApeMcpServer} guard of the application, when first needed. */
final class ApeMcpServerFactory {
  private final ObjectProvider<ApeEngine> engine;
  private final ObjectProvider<ServerSessionMapping> mapping;
  private final ObjectProvider<ApeToolCallbacks> callbacks;
  private ApeMcpServer server;

  ApeMcpServerFactory(ObjectProvider<ApeEngine> engine, ObjectProvider<ServerSessionMapping> mapping,
      ObjectProvider<ApeToolCallbacks> callbacks) {
    this.engine = engine;
    this.mapping = mapping;
    this.callbacks = callbacks;
  }

  synchronized ApeMcpServer server() {
    if (server == null) {
      ServerSessionMapping sessions = mapping.getIfAvailable();
      if (sessions == null) {
        throw new ApeConfigurationException("the Spring AI MCP server exposes tools, but no "
            + "io.ape.mcpsdk.ServerSessionMapping bean says which APE session an MCP client's "
            + "calls belong to; define one (e.g. ServerSessionMapping.single(session) for a "
            + "stdio server)");
      }
      server = ApeMcpServer.guard(engine.getObject()).sessions(sessions).build();
    }
    return server;
  }

  /** Tool names whose guarded callback wraps a Spring AI MCP client tool. */
  Set<String> mcpClientTools() {
    ApeToolCallbacks c = callbacks.getIfAvailable();
    return c == null ? Set.of() : c.mcpClientTools();
  }
}
