package io.ape.springai.internal;

import io.ape.spi.ProviderContext;
import io.ape.spi.ToolAdapter;
import io.ape.spi.ToolAdapterProvider;

/**
 * The {@code spring-ai} tool adapter provider ({@link SpringAiToolAdapter}): with
 * {@code io.ape:ape-spring-ai} on the class path, {@code engine.adaptTool(callback)} takes a
 * Spring AI {@code ToolCallback}. Priority 10: a callback that is also a
 * {@code java.util.function.Function} is adapted as a callback, not by the generic
 * {@code function} adapter (priority 0).
 *
 * @since 0.2.0
 */
public final class SpringAiToolAdapterProvider implements ToolAdapterProvider {
  /** The provider id. */
  public static final String ID = "spring-ai";

  /** For {@link java.util.ServiceLoader}. */
  public SpringAiToolAdapterProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public ToolAdapter create(ProviderContext context) {
    return new SpringAiToolAdapter();
  }
}
