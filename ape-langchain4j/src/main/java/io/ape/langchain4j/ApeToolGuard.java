package io.ape.langchain4j;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.service.tool.AiServiceTool;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.service.tool.ToolProvider;
import dev.langchain4j.service.tool.ToolService;
import io.ape.langchain4j.internal.Guard;
import io.ape.langchain4j.internal.GuardedToolProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns LangChain4j tools into guarded tools: each execution becomes the engine's guarded call
 * (decision, token, gate, audit), the tool runs with the parameters the token binds, and its
 * result is recorded as untrusted input of the session. Hand what it returns to
 * {@code AiServices.builder(...)}: {@code .tools(guard.tools(myToolObject))},
 * {@code .tools(guard.tools(specificationToExecutorMap))},
 * {@code .toolProvider(guard.toolProvider(mcpToolProvider))}.
 *
 * <p>Each tool is registered with the engine under its LangChain4j name (the action id is the
 * same name); the policy decides on that id. Immutable and thread-safe; build it once.
 *
 * @since 0.2.0
 */
public final class ApeToolGuard {
  private final Guard guard;

  ApeToolGuard(Guard guard) {
    this.guard = guard;
  }

  /**
   * The {@code @Tool} methods of {@code objectsWithTools} (found as LangChain4j finds them),
   * guarded; pass the list to {@code AiServices.Builder.tools(List)}.
   */
  public List<AiServiceTool> tools(Object... objectsWithTools) {
    List<AiServiceTool> out = new ArrayList<>();
    for (Object o : objectsWithTools) {
      Objects.requireNonNull(o, "object with tools");
      for (AiServiceTool tool : ToolService.findTools(o)) {
        out.add(tool.toBuilder()
            .toolExecutor(guard.wrap(tool.name(), tool.toolExecutor()))
            .build());
      }
    }
    return List.copyOf(out);
  }

  /** Programmatic tools, guarded; pass the map to {@code AiServices.Builder.tools(Map)}. */
  public Map<ToolSpecification, ToolExecutor> tools(Map<ToolSpecification, ToolExecutor> tools) {
    Map<ToolSpecification, ToolExecutor> out = new LinkedHashMap<>();
    tools.forEach((spec, executor) -> out.put(spec, guard.wrap(spec.name(), executor)));
    return out;
  }

  /**
   * A tool provider (for example LangChain4j's MCP tool provider) whose tools are all guarded,
   * on every request; pass it to {@code AiServices.Builder.toolProvider}.
   */
  public ToolProvider toolProvider(ToolProvider provider) {
    return new GuardedToolProvider(guard, Objects.requireNonNull(provider, "provider"));
  }

  /** One executor, guarded, for the tool named {@code toolName}. */
  public ToolExecutor executor(String toolName, ToolExecutor executor) {
    return guard.wrap(toolName, executor);
  }
}
