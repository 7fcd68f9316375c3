package io.ape.core.provenance;

import io.ape.api.RiskLevel;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The risk level of an action, e.g. from the action repository. An empty answer means the
 * risk is unknown, which APE treats like HIGH where trust is concerned (fail closed).
 */
@FunctionalInterface
public interface RiskLookup {
  /** The risk of {@code actionId}, if known. Must not throw; a failure counts as unknown. */
  Optional<RiskLevel> riskOf(String actionId);

  /** A lookup that knows nothing (every action's risk is unknown). */
  static RiskLookup unknown() {
    return id -> Optional.empty();
  }

  /** A lookup backed by a fixed map (copied). */
  static RiskLookup of(Map<String, RiskLevel> levels) {
    Map<String, RiskLevel> copy = Map.copyOf(Objects.requireNonNull(levels, "levels"));
    return id -> Optional.ofNullable(id == null ? null : copy.get(id));
  }
}
