package io.ape.langchain4j.contract;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.service.tool.AiServiceTool;
import dev.langchain4j.service.tool.ToolService;
import io.ape.spi.ProviderContext;
import io.ape.spi.ToolAdapter;
import io.ape.spi.ToolAdapterProvider;
import io.ape.testkit.Providers;
import io.ape.testkit.ToolAdapterContract;
import java.util.List;
import java.util.Map;

/**
 * The {@code langchain4j} tool adapter, found as the engine finds it, passes the ToolAdapter
 * contract for a real {@code @Tool} method as LangChain4j finds it (an {@link AiServiceTool}
 * whose executor is LangChain4j's own {@code DefaultToolExecutor}).
 */
class LangChain4jToolAdapterContractTest extends ToolAdapterContract {
  @Override
  protected ToolAdapter adapter() {
    return Providers.load(ToolAdapterProvider.class, "langchain4j")
        .create(ProviderContext.defaults());
  }

  @Override
  protected Object frameworkTool(Behaviour behaviour) {
    List<AiServiceTool> tools = ToolService.findTools(new ContractTools(behaviour));
    return tools.get(0);
  }

  @Override
  protected List<Object> foreignObjects() {
    List<Object> foreign = super.foreignObjects();
    // a bare executor (no specification, so no name) and entries of other types
    foreign.add((dev.langchain4j.service.tool.ToolExecutor) (request, memoryId) -> "x");
    foreign.add(Map.entry("contract_tool", "executor"));
    return foreign;
  }

  /** One {@code @Tool} method doing what the contract's behaviour does. */
  public static class ContractTools {
    private final Behaviour behaviour;

    ContractTools(Behaviour behaviour) {
      this.behaviour = behaviour;
    }

    @Tool("the contract's probe")
    public String contract_tool(String path, int n) throws Exception {
      return String.valueOf(behaviour.run(Map.of("path", path, "n", n)));
    }
  }
}
