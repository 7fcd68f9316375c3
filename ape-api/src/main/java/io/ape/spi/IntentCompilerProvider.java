package io.ape.spi;

import io.ape.api.ActionCatalog;

/**
 * Provides an {@link IntentCompiler}; the built-in {@code patterns} provider is deterministic
 * and needs no model.
 *
 * @since 0.1.0
 */
public interface IntentCompilerProvider extends ApeProvider {
  /**
   * Creates a compiler that maps prompts onto the actions of {@code actions}.
   *
   * @param context configuration and clock
   * @param actions the actions the compiler may name (never {@code null})
   */
  IntentCompiler create(ProviderContext context, ActionCatalog actions);
}
