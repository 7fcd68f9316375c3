package io.ape.core.ratelimit;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The rate-limit state of one open session: a window per session-scoped limit and the risk
 * reserved so far (exact decimal arithmetic, so 0.1 + 0.2 reaches a budget of 0.3 exactly)
 * against its budget ({@code null} if none).
 * Guarded by {@link #lock}, which is always taken after every shared counter's lock.
 */
final class SessionCounters {
  final ReentrantLock lock = new ReentrantLock();
  final SlidingWindow[] windows;
  final BigDecimal budget;
  BigDecimal risk = BigDecimal.ZERO;
  boolean closed;

  SessionCounters(List<Limit> limits, BigDecimal budget) {
    this.budget = budget;
    windows = new SlidingWindow[limits.size()];
    for (int i = 0; i < windows.length; i++) {
      windows[i] = limits.get(i).newWindow();
    }
  }
}
