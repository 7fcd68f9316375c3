package io.ape.core.contracts;

import io.ape.api.ActionCatalog;
import io.ape.core.actions.StandardActions;
import io.ape.spi.IntentCompiler;
import io.ape.spi.IntentCompilerProvider;
import io.ape.spi.ProviderContext;
import io.ape.testkit.IntentCompilerContract;
import io.ape.testkit.Providers;
import java.util.List;

/** The built-in {@code patterns} intent compiler passes the IntentCompiler contract. */
class PatternIntentCompilerContractTest extends IntentCompilerContract {
  private static final ActionCatalog CATALOG = StandardActions.createRepository();

  @Override
  protected ActionCatalog catalog() {
    return CATALOG;
  }

  @Override
  protected IntentCompiler compiler() {
    return Providers.load(IntentCompilerProvider.class, "patterns")
        .create(ProviderContext.defaults(), CATALOG);
  }

  @Override
  protected NamedPrompt prompt() {
    return new NamedPrompt("Read config.json and list the directory /tmp",
        List.of("read_file", "list_directory"));
  }
}
