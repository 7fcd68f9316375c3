package io.ape.spi;

import io.ape.api.Tool;

/**
 * Turns a framework's tool object into an APE {@link Tool}. Thread-safe.
 *
 * <p>The adapted tool runs the framework's tool exactly once per {@link Tool#invoke}, with
 * exactly the bound parameters, returns its result and throws its failure (never turns a
 * failure into a result the model would read); concurrent invocations keep their own
 * parameters. {@code io.ape:ape-testkit}'s {@code ToolAdapterContract} checks this contract.
 *
 * @since 0.1.0
 */
public interface ToolAdapter {
  /** Whether this adapter understands {@code frameworkTool}; never throws, {@code false} for null. */
  boolean supports(Object frameworkTool);

  /**
   * Adapts the tool; only called when {@link #supports} returned {@code true}. Never runs the
   * tool (only the enforcement gate does, through the returned {@link Tool}) and never returns
   * {@code null}.
   *
   * @throws RuntimeException (usually {@link IllegalArgumentException}) for a tool it does not
   *     support, {@code null} included
   */
  Tool adapt(Object frameworkTool);
}
