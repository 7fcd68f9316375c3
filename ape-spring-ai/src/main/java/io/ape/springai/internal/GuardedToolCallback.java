package io.ape.springai.internal;

import org.springframework.ai.chat.model.ToolContext;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import org.springframework.ai.tool.metadata.ToolMetadata;

/**
 * A Spring AI tool callback whose every call is an APE guarded call. Definition and metadata
 * are the original's; the {@code ToolContext} reaches the original unchanged.
 */
public final class GuardedToolCallback implements ToolCallback {
  private final Guard guard;
  private final String toolId;
  private final ToolCallback original;

  GuardedToolCallback(Guard guard, String toolId, ToolCallback original) {
    this.guard = guard;
    this.toolId = toolId;
    this.original = original;
  }

  Guard guard() {
    return guard;
  }

  @Override
  public ToolDefinition getToolDefinition() {
    return original.getToolDefinition();
  }

  @Override
  public ToolMetadata getToolMetadata() {
    return original.getToolMetadata();
  }

  @Override
  public String call(String toolInput) {
    return call(toolInput, null);
  }

  @Override
  public String call(String toolInput, ToolContext toolContext) {
    return guard.execute(toolId, original, toolInput, toolContext);
  }

  @Override
  public String toString() {
    return "ApeGuarded[" + toolId + "]";
  }
}
