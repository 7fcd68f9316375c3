package io.ape.core.runtime;

import java.time.Instant;
import java.util.Objects;

/**
 * One transition of a run.
 *
 * @param from the state before
 * @param to the state after
 * @param at when it happened (engine clock)
 */
public record StateChange(RuntimeState from, RuntimeState to, Instant at) {
  public StateChange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(at, "at");
  }
}
