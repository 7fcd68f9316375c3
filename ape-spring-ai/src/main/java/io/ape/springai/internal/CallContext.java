package io.ape.springai.internal;

import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;

/**
 * The Spring AI side of one guarded call, handed from the guarded callback to the tool bridge
 * the engine's gate runs, on the calling thread only; a gate that ran the tool elsewhere finds
 * none and the bridge refuses to run the original callback.
 */
final class CallContext {
  private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

  final String toolId;
  final ToolCallback original;
  final ToolContext toolContext;
  String result;
  private final CallContext previous;

  private CallContext(String toolId, ToolCallback original, ToolContext toolContext,
      CallContext previous) {
    this.toolId = toolId;
    this.original = original;
    this.toolContext = toolContext;
    this.previous = previous;
  }

  static CallContext open(String toolId, ToolCallback original, ToolContext toolContext) {
    CallContext c = new CallContext(toolId, original, toolContext, CURRENT.get());
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
