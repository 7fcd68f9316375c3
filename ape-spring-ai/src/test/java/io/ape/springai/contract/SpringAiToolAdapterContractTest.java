package io.ape.springai.contract;

import io.ape.spi.ProviderContext;
import io.ape.spi.ToolAdapter;
import io.ape.spi.ToolAdapterProvider;
import io.ape.testkit.Providers;
import io.ape.testkit.ToolAdapterContract;
import java.util.Map;
import org.springframework.ai.support.ToolCallbacks;
import org.springframework.ai.tool.annotation.Tool;

/**
 * The {@code spring-ai} tool adapter, found as the engine finds it, passes the ToolAdapter
 * contract for a real {@code @Tool} method as Spring AI makes it a callback
 * ({@code MethodToolCallback}, which converts the method's result to JSON text).
 */
class SpringAiToolAdapterContractTest extends ToolAdapterContract {
  @Override
  protected ToolAdapter adapter() {
    return Providers.load(ToolAdapterProvider.class, "spring-ai")
        .create(ProviderContext.defaults());
  }

  @Override
  protected Object frameworkTool(Behaviour behaviour) {
    return ToolCallbacks.from(new ContractTools(behaviour))[0];
  }

  /** Spring AI's default result converter writes a returned string as a JSON string. */
  @Override
  protected Object expectedResult(Object value) {
    return "\"" + value + "\"";
  }

  /** One {@code @Tool} method doing what the contract's behaviour does. */
  public static class ContractTools {
    private final Behaviour behaviour;

    ContractTools(Behaviour behaviour) {
      this.behaviour = behaviour;
    }

    @Tool(description = "the contract's probe")
    public String contractTool(String path, int n) throws Exception {
      return String.valueOf(behaviour.run(Map.of("path", path, "n", n)));
    }
  }
}
