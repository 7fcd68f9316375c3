package io.ape.mcp;

/** How the scanner reaches an MCP server. */
public enum TransportKind {
  /** A local process spoken to over its standard input and output. */
  STDIO,
  /** The legacy HTTP + Server-Sent-Events transport. */
  SSE,
  /** The streamable HTTP transport. */
  STREAMABLE_HTTP
}
