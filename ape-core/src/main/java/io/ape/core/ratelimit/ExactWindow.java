package io.ape.core.ratelimit;

/**
 * A sliding log: a ring of the timestamps of the last {@code max} events. Exact to the
 * millisecond: an event at {@code t} is counted while {@code now < t + window} and leaves the
 * window at {@code t + window}. Memory: one {@code long} per allowed event.
 */
final class ExactWindow implements SlidingWindow {
  private final long window;
  private final long[] times;
  private int head;
  private int size;
  private long latest = Long.MIN_VALUE;

  ExactWindow(int max, long windowMillis) {
    this.window = windowMillis;
    this.times = new long[max];
  }

  @Override
  public int count(long now) {
    long t = Math.max(now, latest);
    long cutoff = t - window;
    while (size > 0 && times[head] <= cutoff) {
      head = head + 1 == times.length ? 0 : head + 1;
      size--;
    }
    return size;
  }

  @Override
  public long nextFree(long now) {
    if (times.length == 0) {
      return Long.MAX_VALUE;
    }
    return size == 0 ? Math.max(now, latest) : times[head] + window;
  }

  @Override
  public void record(long now) {
    if (size == times.length) {
      throw new IllegalStateException("sliding window is full; count() must be checked first");
    }
    long t = Math.max(now, latest);
    int slot = head + size;
    times[slot >= times.length ? slot - times.length : slot] = t;
    size++;
    latest = t;
  }
}
