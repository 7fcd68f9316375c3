package io.ape.spi;

import io.ape.api.Tool;

/**
 * Turns a framework's tool object into an APE {@link Tool}.
 */
public interface ToolAdapter {
  /** Whether this adapter understands {@code frameworkTool}. */
  boolean supports(Object frameworkTool);

  /** Adapts the tool; only called when {@link #supports} returned {@code true}. */
  Tool adapt(Object frameworkTool);
}
