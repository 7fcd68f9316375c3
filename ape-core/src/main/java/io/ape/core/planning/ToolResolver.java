package io.ape.core.planning;

import java.util.Map;
import java.util.Objects;

/**
 * Binds each action to the one tool that performs it. A plan step must use exactly the bound
 * tool: a model cannot swap in another tool for an action (the Python original's WEAK-4).
 *
 * <p>Implementations are deterministic and thread-safe; a {@code null} or malformed tool id
 * makes the step invalid.
 */
@FunctionalInterface
public interface ToolResolver {
  /** The tool bound to {@code actionId}. */
  String toolFor(String actionId);

  /** Every action is performed by the tool with the same id (the default). */
  static ToolResolver identity() {
    return actionId -> actionId;
  }

  /** Actions in {@code bindings} use the mapped tool; every other action the same-named tool. */
  static ToolResolver of(Map<String, String> bindings) {
    Map<String, String> copy = Map.copyOf(Objects.requireNonNull(bindings, "bindings"));
    return actionId -> copy.getOrDefault(actionId, actionId);
  }
}
