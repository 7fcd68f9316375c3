package io.ape.core.state;

import io.ape.api.ApeConfigurationException;
import io.ape.spi.ProviderContext;
import io.ape.spi.state.SharedState;
import io.ape.spi.state.SharedStateProvider;

/**
 * The built-in {@code memory} shared-state provider ({@link InMemorySharedState}): the default
 * of {@code ape.state}. Key {@code ape.state.memory.max-entries} (a positive integer, default
 * {@value InMemorySharedState#DEFAULT_MAX_ENTRIES}) bounds each structure.
 *
 * @since 0.2.0
 */
public final class InMemorySharedStateProvider implements SharedStateProvider {
  /** The provider id. */
  public static final String ID = "memory";
  /** The configuration key of the bound. */
  public static final String MAX_ENTRIES_KEY = "ape.state.memory.max-entries";

  /** Public no-argument constructor for {@link java.util.ServiceLoader}. */
  public InMemorySharedStateProvider() {
    // stateless
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public SharedState create(ProviderContext context) {
    for (String key : context.properties().keySet()) {
      if (key.startsWith("ape.state.memory.") && !key.equals(MAX_ENTRIES_KEY)) {
        throw new ApeConfigurationException("unknown configuration key " + key
            + "; the memory state knows only " + MAX_ENTRIES_KEY);
      }
    }
    String raw = context.property(MAX_ENTRIES_KEY).orElse(null);
    if (raw == null) {
      return new InMemorySharedState(context.clock());
    }
    int max;
    try {
      max = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      max = 0;
    }
    if (max < 1) {
      throw new ApeConfigurationException(MAX_ENTRIES_KEY + " must be a positive integer, but was \""
          + raw + "\"");
    }
    return new InMemorySharedState(context.clock(), max);
  }
}
