package io.ape.core.enforcement;

import io.ape.spi.ProviderContext;
import io.ape.spi.ToolAdapter;
import io.ape.spi.ToolAdapterProvider;

/** The built-in {@code function} tool adapter provider: plain Java lambdas as tools. */
public final class FunctionToolAdapterProvider implements ToolAdapterProvider {
  /** The provider id. */
  public static final String ID = "function";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ToolAdapter create(ProviderContext context) {
    return new FunctionToolAdapter();
  }
}
