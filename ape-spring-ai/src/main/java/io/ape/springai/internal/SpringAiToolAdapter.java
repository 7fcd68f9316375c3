package io.ape.springai.internal;

import io.ape.api.Tool;
import io.ape.spi.ToolAdapter;
import java.util.Map;
import java.util.Objects;
import org.springframework.ai.tool.ToolCallback;

/**
 * Adapts a Spring AI {@link ToolCallback} to an APE {@link Tool}: the adapted tool calls
 * {@link ToolCallback#call(String)} with the bound parameters as its JSON input and returns the
 * callback's text. There is no {@code ToolContext}: the engine's guarded call has no application
 * context to give, and APE never makes one of its own; a callback that requires one (a
 * {@code @Tool} method with a {@code ToolContext} parameter) fails, so guard such tools with
 * {@code ApeSpringAi.guard(engine)} around the chat call instead. A callback that throws makes
 * the adapted tool throw (the gate reports the failure).
 *
 * <p>Stateless and thread-safe.
 */
public final class SpringAiToolAdapter implements ToolAdapter {

  @Override
  public boolean supports(Object frameworkTool) {
    return frameworkTool instanceof ToolCallback;
  }

  @Override
  public Tool adapt(Object frameworkTool) {
    Objects.requireNonNull(frameworkTool, "frameworkTool");
    if (!(frameworkTool instanceof ToolCallback callback)) {
      throw new IllegalArgumentException("not a Spring AI ToolCallback: "
          + frameworkTool.getClass().getName());
    }
    return new Adapted(callback);
  }

  /** One adapted callback. */
  private record Adapted(ToolCallback callback) implements Tool {
    @Override
    public Object invoke(Map<String, Object> parameters) throws Exception {
      return callback.call(ToolArguments.toJson(parameters));
    }

    @Override
    public String toString() {
      return "SpringAiTool[" + callback + "]";
    }
  }
}
