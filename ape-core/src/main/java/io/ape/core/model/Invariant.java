package io.ape.core.model;

import java.util.Objects;

/**
 * One safety property of the authority lifecycle.
 *
 * @param id a stable identifier (the TLA+ definition name)
 * @param description what it means, in words
 * @param tla its TLA+ formula over the variables of {@link FormalModel#toTla()}
 */
public record Invariant(String id, String description, String tla) {
  public Invariant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(tla, "tla");
  }
}
