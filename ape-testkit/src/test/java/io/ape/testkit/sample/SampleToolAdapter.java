package io.ape.testkit.sample;

import io.ape.api.Tool;
import io.ape.spi.ToolAdapter;
import java.util.Map;
import java.util.function.Function;

/** Adapts {@link SampleFrameworkTool}s, the tools of an imaginary framework. */
public class SampleToolAdapter implements ToolAdapter {
  /** A tool of the imaginary framework. */
  public record SampleFrameworkTool(String name, Function<Map<String, Object>, Object> body) {}

  @Override
  public boolean supports(Object frameworkTool) {
    return frameworkTool instanceof SampleFrameworkTool;
  }

  @Override
  public Tool adapt(Object frameworkTool) {
    if (!(frameworkTool instanceof SampleFrameworkTool t)) {
      throw new IllegalArgumentException("not a sample tool: " + frameworkTool);
    }
    return parameters -> t.body().apply(parameters);
  }
}
