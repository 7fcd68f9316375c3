package io.ape.langchain4j.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.invocation.InvocationParameters;
import dev.langchain4j.service.tool.AiServiceTool;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import io.ape.api.Tool;
import io.ape.spi.ToolAdapter;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Adapts a LangChain4j tool to an APE {@link Tool}: an {@link AiServiceTool} (what
 * {@code ToolService.findTools(object)} returns for each {@code @Tool} method, or what a
 * {@code ToolProvider} provides), or a {@code Map.Entry<ToolSpecification, ToolExecutor>} (an
 * entry of the map {@code AiServices.Builder.tools(Map)} takes). A bare {@link ToolExecutor} is
 * not supported: LangChain4j executors may dispatch on the tool's name, which only its
 * specification gives.
 *
 * <p>The adapted tool runs the executor with a request named after the specification whose
 * arguments are the bound parameters as JSON, and an invocation context without parameters,
 * memory id or user message (the engine's guarded call has none to give; for a tool that needs
 * them, guard the AI service with {@code ApeLangChain4j.guard(engine)} instead). It returns the
 * result's text; an executor that throws, or returns an error result, makes it throw (the gate
 * reports the failure; the model never reads the executor's error text as a result).
 *
 * <p>Stateless and thread-safe.
 */
public final class LangChain4jToolAdapter implements ToolAdapter {
  private static final AtomicLong REQUESTS = new AtomicLong();

  @Override
  public boolean supports(Object frameworkTool) {
    try {
      return frameworkTool instanceof AiServiceTool t
          && t.toolSpecification() != null && t.toolExecutor() != null
          || frameworkTool instanceof Map.Entry<?, ?> e
          && e.getKey() instanceof ToolSpecification && e.getValue() instanceof ToolExecutor;
    } catch (RuntimeException e) {
      return false; // an entry whose accessors throw is not a tool
    }
  }

  @Override
  public Tool adapt(Object frameworkTool) {
    Objects.requireNonNull(frameworkTool, "frameworkTool");
    if (!supports(frameworkTool)) {
      throw new IllegalArgumentException("not a LangChain4j tool: "
          + frameworkTool.getClass().getName() + " (supported: AiServiceTool, "
          + "Map.Entry<ToolSpecification, ToolExecutor>)");
    }
    if (frameworkTool instanceof AiServiceTool t) {
      return new Adapted(t.toolSpecification(), t.toolExecutor());
    }
    Map.Entry<?, ?> e = (Map.Entry<?, ?>) frameworkTool;
    return new Adapted((ToolSpecification) e.getKey(), (ToolExecutor) e.getValue());
  }

  /** One adapted LangChain4j tool. */
  private static final class Adapted implements Tool {
    private final String name;
    private final ToolExecutor executor;

    Adapted(ToolSpecification specification, ToolExecutor executor) {
      this.name = Objects.requireNonNull(specification.name(), "tool name");
      this.executor = executor;
    }

    @Override
    public Object invoke(Map<String, Object> parameters) throws Exception {
      ToolExecutionRequest request = ToolExecutionRequest.builder()
          .id("ape-" + REQUESTS.incrementAndGet())
          .name(name)
          .arguments(ToolArguments.toJson(parameters))
          .build();
      InvocationContext invocation = InvocationContext.builder()
          .invocationParameters(new InvocationParameters()).build();
      ToolExecutionResult result = executor.executeWithContext(request, invocation);
      if (result == null) {
        return null;
      }
      if (result.isError()) {
        throw new ToolReportedErrorException(name, result.resultText());
      }
      return result.resultText();
    }

    @Override
    public String toString() {
      return "LangChain4jTool[" + name + "]";
    }
  }
}
