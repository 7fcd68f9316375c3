package io.ape.langchain4j.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.service.tool.ToolExecutionResult;
import io.ape.api.Tool;
import java.util.Map;

/**
 * The {@link Tool} registered with the engine for one LangChain4j tool name: when the gate runs
 * it, it calls the framework's original executor with the token's bound parameters (re-encoded
 * as the request's JSON arguments), never with what the model sent.
 */
final class ToolBridge implements Tool {
  private final String toolId;

  ToolBridge(String toolId) {
    this.toolId = toolId;
  }

  @Override
  public Object invoke(Map<String, Object> parameters) throws Exception {
    CallContext call = CallContext.current(toolId);
    if (call == null) {
      throw new IllegalStateException("tool '" + toolId + "' was run outside its guarded call "
          + "(no LangChain4j request on this thread); it was not executed");
    }
    ToolExecutionRequest bound = call.request.toBuilder()
        .arguments(ToolArguments.toJson(parameters))
        .build();
    ToolExecutionResult result = call.original.executeWithContext(bound, call.invocation);
    call.result = result;
    return result == null ? null : result.resultText();
  }
}
