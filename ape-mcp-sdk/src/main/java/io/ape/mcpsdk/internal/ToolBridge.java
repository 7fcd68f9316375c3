package io.ape.mcpsdk.internal;

import io.ape.api.Tool;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.Map;

/**
 * The {@link Tool} registered with the engine for one MCP tool: when the gate runs it, it runs
 * the original (a server handler, or the upstream server through the client) with the token's
 * bound parameters. It returns the text the model will read, which the engine records as
 * untrusted input.
 */
final class ToolBridge implements Tool {
  private final String toolId;

  ToolBridge(String toolId) {
    this.toolId = toolId;
  }

  @Override
  public Object invoke(Map<String, Object> parameters) {
    CallContext call = CallContext.current(toolId);
    if (call == null) {
      throw new IllegalStateException("tool '" + toolId + "' was run outside its guarded call "
          + "(no MCP request on this thread); it was not executed");
    }
    CallToolResult result = call.original.apply(parameters);
    call.result = result;
    return textOf(result);
  }

  /** The text contents of a result, one per line (what a model reads of it). */
  static String textOf(CallToolResult result) {
    if (result == null || result.content() == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    for (Content c : result.content()) {
      if (c instanceof TextContent t && t.text() != null) {
        if (sb.length() > 0) {
          sb.append('\n');
        }
        sb.append(t.text());
      }
    }
    return sb.toString();
  }
}
