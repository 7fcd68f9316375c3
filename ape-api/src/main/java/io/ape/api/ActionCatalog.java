package io.ape.api;

import java.util.List;
import java.util.Optional;

/**
 * A read-only view of the actions an engine knows: what intent compilers map prompts onto and
 * what plans may use.
 *
 * <p>Implementations are thread-safe and never return {@code null}.
 *
 * @since 0.1.0
 */
public interface ActionCatalog {
  /** The definition of {@code actionId}, or empty if there is none (or the id is null). */
  Optional<ActionDefinition> find(String actionId);

  /**
   * The definition of {@code actionId}.
   *
   * @throws ActionNotFoundException if there is none
   */
  default ActionDefinition get(String actionId) {
    return find(actionId).orElseThrow(() -> new ActionNotFoundException(
        "unknown action '" + ActionIds.printable(actionId) + "'"));
  }

  /** Whether {@code actionId} is defined. */
  default boolean contains(String actionId) {
    return find(actionId).isPresent();
  }

  /** Every action id, in registration order (unmodifiable). */
  List<String> actionIds();
}
