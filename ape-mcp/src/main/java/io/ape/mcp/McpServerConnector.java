package io.ape.mcp;

/**
 * Opens connections to MCP servers for a connected scan. The default implementation uses the MCP
 * Java SDK (stdio, SSE and streamable HTTP); tests and embedders may supply their own.
 *
 * <p>Contract: {@link #open} does no blocking I/O; {@link McpServerConnection#listTools()} does
 * the work and may block; {@link McpServerConnection#close()} may be called from another thread
 * while {@code listTools} is running (the scanner does so on timeout) and must then release every
 * resource, killing any process it started.
 */
@FunctionalInterface
public interface McpServerConnector {
  /**
   * Prepares a connection to one server.
   *
   * @throws McpConnectException if the entry cannot be used (e.g. an unresolved variable)
   */
  McpServerConnection open(McpServerConfig server, ConnectSettings settings);
}
