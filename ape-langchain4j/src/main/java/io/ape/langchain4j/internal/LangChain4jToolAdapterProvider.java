package io.ape.langchain4j.internal;

import io.ape.spi.ProviderContext;
import io.ape.spi.ToolAdapter;
import io.ape.spi.ToolAdapterProvider;

/**
 * The {@code langchain4j} tool adapter provider ({@link LangChain4jToolAdapter}): with
 * {@code io.ape:ape-langchain4j} on the class path, {@code engine.adaptTool(tool)} takes a
 * LangChain4j tool. Priority 10: a LangChain4j tool object that is also a
 * {@code java.util.function.Function} is adapted as a LangChain4j tool, not by the generic
 * {@code function} adapter (priority 0).
 *
 * @since 0.2.0
 */
public final class LangChain4jToolAdapterProvider implements ToolAdapterProvider {
  /** The provider id. */
  public static final String ID = "langchain4j";

  /** For {@link java.util.ServiceLoader}. */
  public LangChain4jToolAdapterProvider() {}

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
    return new LangChain4jToolAdapter();
  }
}
