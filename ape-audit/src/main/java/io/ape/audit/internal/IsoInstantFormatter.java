package io.ape.audit.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Formats an {@link Instant} exactly as {@link Instant#toString()} does (ISO-8601, UTC, with
 * 0, 3, 6 or 9 fraction digits), without allocating when consecutive instants fall in the same
 * second.
 *
 * <p>Not thread-safe (it caches the last second); use one per thread. Internal to ape-audit.
 */
public final class IsoInstantFormatter {
  private static final long MIN_FAST = -62167219200L; // 0000-01-01T00:00:00Z
  private static final long MAX_FAST = 253402300799L; // 9999-12-31T23:59:59Z

  private long cachedSecond = Long.MIN_VALUE;
  private final byte[] cachedPrefix = new byte[19];

  /** Appends the instant as a JSON string literal. */
  public void writeString(JsonBuffer out, Instant t) {
    long sec = t.getEpochSecond();
    if (sec < MIN_FAST || sec > MAX_FAST) {
      out.string(t.toString());
      return;
    }
    if (sec != cachedSecond) {
      fillPrefix(sec);
    }
    out.raw('"').raw(cachedPrefix);
    int nano = t.getNano();
    if (nano != 0) {
      out.raw('.');
      if (nano % 1_000_000 == 0) {
        digits(out, nano / 1_000_000, 3);
      } else if (nano % 1000 == 0) {
        digits(out, nano / 1000, 6);
      } else {
        digits(out, nano, 9);
      }
    }
    out.raw("Z\"");
  }

  private void fillPrefix(long sec) {
    LocalDateTime dt = LocalDateTime.ofEpochSecond(sec, 0, ZoneOffset.UTC);
    int p = 0;
    p = put(cachedPrefix, p, dt.getYear(), 4);
    cachedPrefix[p++] = '-';
    p = put(cachedPrefix, p, dt.getMonthValue(), 2);
    cachedPrefix[p++] = '-';
    p = put(cachedPrefix, p, dt.getDayOfMonth(), 2);
    cachedPrefix[p++] = 'T';
    p = put(cachedPrefix, p, dt.getHour(), 2);
    cachedPrefix[p++] = ':';
    p = put(cachedPrefix, p, dt.getMinute(), 2);
    cachedPrefix[p++] = ':';
    put(cachedPrefix, p, dt.getSecond(), 2);
    cachedSecond = sec;
  }

  private static int put(byte[] b, int p, int value, int width) {
    for (int i = width - 1; i >= 0; i--) {
      b[p + i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return p + width;
  }

  private static void digits(JsonBuffer out, int value, int width) {
    int div = 1;
    for (int i = 1; i < width; i++) {
      div *= 10;
    }
    for (; div > 0; div /= 10) {
      out.raw((char) ('0' + (value / div) % 10));
    }
  }
}
