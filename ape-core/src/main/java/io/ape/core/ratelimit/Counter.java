package io.ape.core.ratelimit;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A shared (not per-session) counter: one limit, its window and its lock. Counters are locked
 * in ascending {@link #ordinal} order, so reservations that share counters never deadlock.
 */
final class Counter {
  final int ordinal;
  final Limit limit;
  final SlidingWindow window;
  final ReentrantLock lock = new ReentrantLock();

  Counter(int ordinal, Limit limit, SlidingWindow window) {
    this.ordinal = ordinal;
    this.limit = limit;
    this.window = window;
  }
}
