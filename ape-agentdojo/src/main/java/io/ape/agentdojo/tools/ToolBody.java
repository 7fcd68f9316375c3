package io.ape.agentdojo.tools;

import io.ape.agentdojo.env.TaskEnvironment;

/**
 * The Java body of one tool: runs on the live environment with validated arguments and returns
 * the Python return value (a {@link io.ape.agentdojo.env.Model}, a list, a map, a string, a
 * number or {@code null}), or fails as the Python body raises.
 *
 * @param <E> the suite's environment
 * @since 0.2.0
 */
@FunctionalInterface
public interface ToolBody<E extends TaskEnvironment> {
  /** Runs the tool. */
  Object run(E environment, ToolArgs args) throws ToolFailure;
}
