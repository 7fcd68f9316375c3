package io.ape.springai.autoconfigure;

import io.ape.springai.ApeToolCallbacks;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.ToolCallbackProvider;

/**
 * Replaces every {@code ToolCallback} and {@code ToolCallbackProvider} bean by its guarded
 * form, so that whatever uses them (a {@code ChatClient}, the Spring AI MCP server, which builds
 * its tool specifications from these beans) gets guarded tools. A bean injected by its concrete
 * class would no longer match: inject the Spring AI interfaces.
 *
 * @since 0.2.0
 */
public final class ApeToolCallbackPostProcessor implements BeanPostProcessor {
  private final ObjectProvider<ApeToolCallbacks> callbacks;

  /** A post-processor that asks for the guard when the first tool bean appears. */
  public ApeToolCallbackPostProcessor(ObjectProvider<ApeToolCallbacks> callbacks) {
    this.callbacks = callbacks;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof ToolCallback callback) {
      return callbacks.getObject().guard(callback);
    }
    if (bean instanceof ToolCallbackProvider provider) {
      return callbacks.getObject().guard(provider);
    }
    return bean;
  }
}
