package io.ape.core.ratelimit;

/**
 * A sliding log: a ring of the timestamps of the last {@code max} events. Exact to the
 * millisecond: an event at {@code t} is counted while {@code now < t + window} and leaves the
 * window at {@code t + window}. Memory: one {@code long} per event, up to {@code max}:
 * the ring starts at 8 slots and doubles when full (it never shrinks).
 */
final class ExactWindow implements SlidingWindow {
  private static final int INITIAL_CAPACITY = 8;

  private final long window;
  private final int max;
  private long[] times;
  private int head;
  private int size;
  private long latest = Long.MIN_VALUE;

  ExactWindow(int max, long windowMillis) {
    this.window = windowMillis;
    this.max = max;
    this.times = new long[Math.min(max, INITIAL_CAPACITY)];
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
    if (max == 0) {
      return Long.MAX_VALUE;
    }
    return size == 0 ? Math.max(now, latest) : times[head] + window;
  }

  @Override
  public void record(long now) {
    if (size == max) {
      throw new IllegalStateException("sliding window is full; count() must be checked first");
    }
    if (size == times.length) {
      grow();
    }
    long t = Math.max(now, latest);
    int slot = head + size;
    times[slot >= times.length ? slot - times.length : slot] = t;
    size++;
    latest = t;
  }

  private void grow() {
    long[] bigger = new long[(int) Math.min(max, 2L * times.length)];
    for (int i = 0; i < size; i++) {
      int slot = head + i;
      bigger[i] = times[slot >= times.length ? slot - times.length : slot];
    }
    times = bigger;
    head = 0;
  }
}
