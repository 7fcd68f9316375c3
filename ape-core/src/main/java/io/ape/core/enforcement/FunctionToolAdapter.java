package io.ape.core.enforcement;

import io.ape.api.Tool;
import io.ape.spi.ToolAdapter;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * Adapts plain Java functions to APE {@link Tool}s: an existing {@link Tool}, a
 * {@code Function<Map<String, Object>, ?>} (called with the token's bound parameters), or a
 * {@link Callable} (for tools without parameters; it refuses to run if any parameter is bound,
 * so a parameter can never be silently dropped).
 *
 * <p>Stateless and thread-safe. The adapted tool still runs only through the
 * {@link EnforcementGate}.
 */
public final class FunctionToolAdapter implements ToolAdapter {

  @Override
  public boolean supports(Object frameworkTool) {
    return frameworkTool instanceof Tool
        || frameworkTool instanceof Function<?, ?>
        || frameworkTool instanceof Callable<?>;
  }

  @Override
  @SuppressWarnings("unchecked")
  public Tool adapt(Object frameworkTool) {
    Objects.requireNonNull(frameworkTool, "frameworkTool");
    if (frameworkTool instanceof Tool tool) {
      return tool;
    }
    if (frameworkTool instanceof Function<?, ?> f) {
      Function<Map<String, Object>, ?> function = (Function<Map<String, Object>, ?>) f;
      return function::apply;
    }
    if (frameworkTool instanceof Callable<?> callable) {
      return parameters -> {
        if (!parameters.isEmpty()) {
          throw new IllegalArgumentException(
              "this tool takes no parameters, but " + parameters.keySet() + " were bound");
        }
        return callable.call();
      };
    }
    throw new IllegalArgumentException("unsupported tool type "
        + frameworkTool.getClass().getName() + " (supported: Tool, Function<Map, ?>, Callable)");
  }
}
