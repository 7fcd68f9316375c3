package io.ape.spi;

/** Provides a {@link ToolAdapter}; multi-valued. */
public interface ToolAdapterProvider extends ApeProvider {
  /** Creates the adapter. */
  ToolAdapter create(ProviderContext context);
}
