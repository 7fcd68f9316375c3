package io.ape.spi;

/**
 * Provides a {@link ToolAdapter}; multi-valued.
 *
 * @since 0.1.0
 */
public interface ToolAdapterProvider extends ApeProvider {
  /** Creates the adapter. */
  ToolAdapter create(ProviderContext context);
}
