package io.ape.langchain4j.internal;

import dev.langchain4j.service.tool.AiServiceTool;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolProviderRequest;
import dev.langchain4j.service.tool.ToolProviderResult;
import java.util.ArrayList;
import java.util.List;

/**
 * A tool provider (an MCP tool provider, a dynamic one) whose every tool is guarded: the tools
 * it returns have guarded executors, whatever the provider returns on each request.
 */
public final class GuardedToolProvider implements ToolProvider {
  private final Guard guard;
  private final ToolProvider delegate;

  /** Guards {@code delegate}. */
  public GuardedToolProvider(Guard guard, ToolProvider delegate) {
    this.guard = guard;
    this.delegate = delegate;
  }

  @Override
  public ToolProviderResult provideTools(ToolProviderRequest request) {
    ToolProviderResult result = delegate.provideTools(request);
    if (result == null) {
      return null;
    }
    List<AiServiceTool> guarded = new ArrayList<>();
    for (AiServiceTool tool : result.aiServiceTools()) {
      guarded.add(tool.toBuilder()
          .toolExecutor(guard.wrap(tool.name(), tool.toolExecutor()))
          .build());
    }
    return new ToolProviderResult(guarded);
  }

  @Override
  public boolean isDynamic() {
    return delegate.isDynamic();
  }
}
