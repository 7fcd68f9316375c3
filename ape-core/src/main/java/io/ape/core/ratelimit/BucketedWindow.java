package io.ape.core.ratelimit;

import java.util.Arrays;

/**
 * A sliding window of fixed buckets, for large limits: {@code N} buckets of
 * {@code ceil(window / N)} milliseconds each, plus the current one. It counts every event of
 * the last {@code N + 1} buckets, which cover the whole window and at most one bucket more, so
 * it never counts fewer events than an exact window would: it may refuse up to one bucket
 * width (window / N) early, it never lets more than {@code max} events into any window.
 * Memory: {@code N + 1} ints, whatever the limit.
 */
final class BucketedWindow implements SlidingWindow {
  private final int buckets;
  private final long width;
  private final int[] counts;
  private long current = Long.MIN_VALUE;
  private long total;

  BucketedWindow(long windowMillis, int buckets) {
    this.buckets = buckets;
    this.width = Math.max(1, (windowMillis + buckets - 1) / buckets);
    this.counts = new int[buckets + 1];
  }

  private int slot(long bucket) {
    return (int) Math.floorMod(bucket, (long) counts.length);
  }

  private void advance(long now) {
    long bucket = Math.floorDiv(now, width);
    if (bucket <= current) {
      return;
    }
    if (current == Long.MIN_VALUE || bucket - current > buckets) {
      Arrays.fill(counts, 0);
      total = 0;
    } else {
      for (long k = current + 1; k <= bucket; k++) {
        int s = slot(k);
        total -= counts[s];
        counts[s] = 0;
      }
    }
    current = bucket;
  }

  @Override
  public int count(long now) {
    advance(now);
    return (int) Math.min(Integer.MAX_VALUE, total);
  }

  @Override
  public long nextFree(long now) {
    advance(now);
    for (long k = current - buckets; k <= current; k++) {
      if (counts[slot(k)] > 0) {
        return (k + buckets + 1) * width;
      }
    }
    return Math.max(now, current * width);
  }

  @Override
  public void record(long now) {
    advance(now);
    counts[slot(current)]++;
    total++;
  }
}
