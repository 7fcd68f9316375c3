package io.ape.springai.internal;

import io.ape.api.Tool;
import java.util.Map;

/**
 * The {@link Tool} registered with the engine for one Spring AI tool name: when the gate runs
 * it, it calls the original {@code ToolCallback} with the token's bound parameters (as JSON) and
 * the caller's own {@code ToolContext}, which APE never adds to.
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
          + "(no Spring AI tool call on this thread); it was not executed");
    }
    String result = call.original.call(ToolArguments.toJson(parameters), call.toolContext);
    call.result = result;
    return result;
  }
}
