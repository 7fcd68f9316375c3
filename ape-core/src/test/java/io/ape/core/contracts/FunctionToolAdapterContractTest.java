package io.ape.core.contracts;

import io.ape.spi.ProviderContext;
import io.ape.spi.ToolAdapter;
import io.ape.spi.ToolAdapterProvider;
import io.ape.testkit.Providers;
import io.ape.testkit.ToolAdapterContract;
import java.util.Map;
import java.util.function.Function;

/**
 * The built-in {@code function} tool adapter passes the ToolAdapter contract, for a
 * {@code Function<Map, ?>} (see {@link FunctionToolAdapterToolContractTest} for a plain
 * {@code Tool}).
 */
class FunctionToolAdapterContractTest extends ToolAdapterContract {
  @Override
  protected ToolAdapter adapter() {
    return Providers.load(ToolAdapterProvider.class, "function").create(ProviderContext.defaults());
  }

  @Override
  protected Object frameworkTool(Behaviour behaviour) {
    Function<Map<String, Object>, Object> f = args -> {
      try {
        return behaviour.run(args);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
    return f;
  }
}
