package io.ape.langchain4j.contract;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.service.tool.ToolExecutionResult;
import dev.langchain4j.service.tool.ToolExecutor;
import io.ape.spi.ProviderContext;
import io.ape.spi.ToolAdapter;
import io.ape.spi.ToolAdapterProvider;
import io.ape.testkit.Providers;
import io.ape.testkit.ToolAdapterContract;
import java.util.Map;

/**
 * The {@code langchain4j} tool adapter passes the ToolAdapter contract for a programmatic tool:
 * a {@code Map.Entry<ToolSpecification, ToolExecutor>} whose executor reads its JSON arguments
 * itself and reports a failure as an error result (the adapted tool must throw it).
 */
class LangChain4jMapEntryToolAdapterContractTest extends ToolAdapterContract {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  protected ToolAdapter adapter() {
    return Providers.load(ToolAdapterProvider.class, "langchain4j")
        .create(ProviderContext.defaults());
  }

  @Override
  protected Object frameworkTool(Behaviour behaviour) {
    ToolSpecification spec = ToolSpecification.builder().name("contract_tool")
        .parameters(JsonObjectSchema.builder().addStringProperty("path")
            .addIntegerProperty("n").build())
        .build();
    ToolExecutor executor = new ToolExecutor() {
      @Override
      public String execute(dev.langchain4j.agent.tool.ToolExecutionRequest request,
          Object memoryId) {
        throw new UnsupportedOperationException("executeWithContext is the path");
      }

      @Override
      public ToolExecutionResult executeWithContext(
          dev.langchain4j.agent.tool.ToolExecutionRequest request,
          dev.langchain4j.invocation.InvocationContext context) {
        if (!"contract_tool".equals(request.name())) {
          return ToolExecutionResult.builder().isError(true).resultText("wrong name").build();
        }
        try {
          Map<String, Object> args = JSON.readValue(request.arguments(),
              new TypeReference<Map<String, Object>>() {});
          return ToolExecutionResult.builder().resultText(String.valueOf(behaviour.run(args)))
              .build();
        } catch (Exception e) {
          return ToolExecutionResult.builder().isError(true).resultText(e.toString()).build();
        }
      }
    };
    return Map.entry(spec, executor);
  }
}
