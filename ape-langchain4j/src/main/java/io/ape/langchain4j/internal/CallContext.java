package io.ape.langchain4j.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;

/**
 * The framework side of one guarded call, handed from the guarded executor to the tool bridge
 * the engine's gate runs. It lives on the calling thread for the duration of the guarded call
 * only; a gate that ran the tool on another thread (or without a guarded call) finds none, and
 * the bridge then refuses to run the original tool.
 */
final class CallContext {
  private static final ThreadLocal<CallContext> CURRENT = new ThreadLocal<>();

  final String toolId;
  final ToolExecutor original;
  final ToolExecutionRequest request;
  final InvocationContext invocation;
  ToolExecutionResult result;
  private final CallContext previous;

  private CallContext(String toolId, ToolExecutor original, ToolExecutionRequest request,
      InvocationContext invocation, CallContext previous) {
    this.toolId = toolId;
    this.original = original;
    this.request = request;
    this.invocation = invocation;
    this.previous = previous;
  }

  /** Opens a context on this thread; close it with {@link #close()} in a finally block. */
  static CallContext open(String toolId, ToolExecutor original, ToolExecutionRequest request,
      InvocationContext invocation) {
    CallContext c = new CallContext(toolId, original, request, invocation, CURRENT.get());
    CURRENT.set(c);
    return c;
  }

  /** The open context of this thread for {@code toolId}, or {@code null}. */
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
