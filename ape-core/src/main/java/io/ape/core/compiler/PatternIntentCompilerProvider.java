package io.ape.core.compiler;

import io.ape.api.ActionCatalog;
import io.ape.api.ApeConfigurationException;
import io.ape.spi.IntentCompiler;
import io.ape.spi.IntentCompilerProvider;
import io.ape.spi.ProviderContext;
import java.util.Optional;

/**
 * The built-in {@code patterns} intent compiler provider (see {@link PatternIntentCompiler}).
 *
 * <p>Configuration: {@code ape.compiler.max-prompt-chars} (a positive integer; default
 * {@value PatternIntentCompiler#DEFAULT_MAX_PROMPT_CHARS}).
 */
public final class PatternIntentCompilerProvider implements IntentCompilerProvider {
  /** The provider id. */
  public static final String ID = "patterns";
  /** The configuration key of the prompt-length bound. */
  public static final String MAX_PROMPT_CHARS = "ape.compiler.max-prompt-chars";

  /** Required by {@link java.util.ServiceLoader}. */
  public PatternIntentCompilerProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public IntentCompiler create(ProviderContext context, ActionCatalog actions) {
    if (actions == null) {
      throw new ApeConfigurationException("the patterns intent compiler needs an action catalog");
    }
    Optional<String> max = context == null ? Optional.empty() : context.property(MAX_PROMPT_CHARS);
    int maxChars = PatternIntentCompiler.DEFAULT_MAX_PROMPT_CHARS;
    if (max.isPresent()) {
      try {
        maxChars = Integer.parseInt(max.get().strip());
      } catch (NumberFormatException e) {
        maxChars = 0;
      }
      if (maxChars < 1) {
        throw new ApeConfigurationException(MAX_PROMPT_CHARS + " must be a positive integer, got '"
            + io.ape.api.ActionIds.printable(max.get()) + "'");
      }
    }
    return new PatternIntentCompiler(actions, maxChars);
  }
}
