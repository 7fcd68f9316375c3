package io.ape.langchain4j.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;

/** A LangChain4j tool executor whose every execution is an APE guarded call. */
final class GuardedToolExecutor implements ToolExecutor {
  private final Guard guard;
  private final String toolId;
  private final ToolExecutor original;

  GuardedToolExecutor(Guard guard, String toolId, ToolExecutor original) {
    this.guard = guard;
    this.toolId = toolId;
    this.original = original;
  }

  Guard guard() {
    return guard;
  }

  @Override
  public String execute(ToolExecutionRequest request, Object memoryId) {
    InvocationContext invocation = InvocationContext.builder()
        .chatMemoryId(memoryId)
        .invocationParameters(new InvocationParameters())
        .build();
    return executeWithContext(request, invocation).resultText();
  }

  @Override
  public ToolExecutionResult executeWithContext(ToolExecutionRequest request,
      InvocationContext invocation) {
    return guard.execute(toolId, original, request, invocation);
  }

  @Override
  public String toString() {
    return "ApeGuarded[" + toolId + "]";
  }
}
