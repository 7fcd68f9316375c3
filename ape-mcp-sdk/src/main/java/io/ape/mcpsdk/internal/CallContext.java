package io.ape.mcpsdk.internal;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;
import java.util.function.Function;

/**
 * The MCP side of one guarded call: how to run the original tool with the bound parameters,
 * handed from the guard to the bridge the engine's gate runs, on the calling thread only.
 */
final class CallContext {
  private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

  final String toolId;
  final Function<Map<String, Object>, CallToolResult> original;
  CallToolResult result;
  private final CallContext previous;

  private CallContext(String toolId, Function<Map<String, Object>, CallToolResult> original,
      CallContext previous) {
    this.toolId = toolId;
    this.original = original;
    this.previous = previous;
  }

  static CallContext open(String toolId, Function<Map<String, Object>, CallToolResult> original) {
    CallContext c = new CallContext(toolId, original, CURRENT.get());
    CURRENT.set(c);
    return c;
  }

  static CallContext current(String toolId) {
    CallContext c = CURRENT.get();
    return c != null && c.toolId.equals(toolId) ? c : null;
  }

  void close() {
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }
}
