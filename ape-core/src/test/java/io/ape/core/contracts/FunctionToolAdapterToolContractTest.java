package io.ape.core.contracts;

import io.ape.api.Tool;
import io.ape.spi.ProviderContext;
import io.ape.spi.ToolAdapter;
import io.ape.spi.ToolAdapterProvider;
import io.ape.testkit.Providers;
import io.ape.testkit.ToolAdapterContract;

/** The built-in {@code function} tool adapter passes the ToolAdapter contract for a plain {@code Tool}. */
class FunctionToolAdapterToolContractTest extends ToolAdapterContract {
  @Override
  protected ToolAdapter adapter() {
    return Providers.load(ToolAdapterProvider.class, "function").create(ProviderContext.defaults());
  }

  @Override
  protected Object frameworkTool(Behaviour behaviour) {
    Tool tool = behaviour::run;
    return tool;
  }
}
