package io.ape.agentdojo.suites.shared;

import java.time.LocalDateTime;

/**
 * The environment's {@code datetime.datetime.now()}: AgentDojo stamps sent emails, created and
 * edited files with the wall clock; the harness uses a deterministic clock instead, so runs are
 * reproducible. It starts at {@link #START} (after every date in the data, as the real clock is)
 * and moves one second per reading, so successive writes are ordered as they are in AgentDojo.
 * Part of an environment's state (copied with it), never part of its dump.
 *
 * @since 0.2.0
 */
public final class SimulatedClock {
  /** The first reading. */
  public static final LocalDateTime START = LocalDateTime.of(2025, 1, 1, 0, 0, 0);

  private LocalDateTime next;

  /** A clock at {@link #START}. */
  public SimulatedClock() {
    this(START);
  }

  private SimulatedClock(LocalDateTime next) {
    this.next = next;
  }

  /** {@code datetime.datetime.now()}. */
  public LocalDateTime now() {
    LocalDateTime t = next;
    next = next.plusSeconds(1);
    return t;
  }

  /** A copy in the same state. */
  public SimulatedClock copy() {
    return new SimulatedClock(next);
  }
}
