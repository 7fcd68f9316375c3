package io.ape.mcp;

/** A connection to one MCP server, made by a {@link McpServerConnector}. */
public interface McpServerConnection extends AutoCloseable {
  /**
   * Starts or connects to the server, performs the MCP handshake and reads every page of
   * {@code tools/list}.
   *
   * @throws Exception anything that went wrong; the scanner reports the server as failed
   */
  ServerTools listTools() throws Exception;

  /** Releases everything (kills a started process tree). Idempotent; never throws. */
  @Override
  void close();
}
