package io.ape.core.ratelimit;

/**
 * Counts events in a sliding window of one limit. Not thread-safe: the owner holds the lock.
 *
 * <p>Times are epoch milliseconds. Time never runs backwards inside a window: a reading older
 * than the newest recorded event is treated as the time of that event (a clock that steps back
 * never frees a slot early).
 */
interface SlidingWindow {
  /** Above this maximum a window keeps buckets instead of one timestamp per event. */
  int EXACT_MAX = 1024;
  /** The number of buckets of a bucketed window. */
  int BUCKETS = 256;

  /** Drops the events that left the window at {@code now}; the number still counted. */
  int count(long now);

  /**
   * When the oldest counted event leaves the window (so a slot frees), or {@link Long#MAX_VALUE}
   * if the limit is 0 and no slot ever frees. Only meaningful right after {@link #count}.
   */
  long nextFree(long now);

  /** Counts one event at {@code now}. The caller has checked that there is room. */
  void record(long now);

  /** An exact window for small limits, a bucketed one for large limits. */
  static SlidingWindow of(int max, long windowMillis) {
    return of(max, windowMillis, EXACT_MAX, BUCKETS);
  }

  /** As {@link #of(int, long)} with explicit thresholds (tests). */
  static SlidingWindow of(int max, long windowMillis, int exactMax, int buckets) {
    return max == 0 || max <= exactMax
        ? new ExactWindow(max, windowMillis)
        : new BucketedWindow(windowMillis, buckets);
  }
}
