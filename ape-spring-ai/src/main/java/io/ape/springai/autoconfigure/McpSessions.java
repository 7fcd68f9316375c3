package io.ape.springai.autoconfigure;

import io.ape.springai.SessionMapping;

/**
 * How the tool callbacks that the Spring AI MCP server runs find their APE session (from the
 * MCP exchange Spring AI puts into their {@code ToolContext}). An interface without MCP types,
 * so that the main auto-configuration loads without the MCP SDK.
 */
interface McpSessions {
  /** The session mapping for tool callbacks run by the MCP server. */
  SessionMapping callbackMapping();
}
