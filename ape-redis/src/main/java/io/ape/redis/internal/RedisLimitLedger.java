package io.ape.redis.internal;

import io.ape.api.StateUnavailableException;
import io.ape.spi.state.BudgetCharge;
import io.ape.spi.state.LimitLedger;
import io.ape.spi.state.LimitVerdict;
import io.ape.spi.state.WindowCharge;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link LimitLedger} on Redis: one {@code EVALSHA} of {@code reserve.lua} per reservation
 * checks every window and budget and records in all of them, or in none (Redis runs a script
 * atomically; every key is in the {@code {prefix}} slot).
 *
 * <p><b>Windows</b> are sliding. A window of at most {@code exactWindowMax} uses is a sorted set
 * of use times, trimmed on every call: a use at {@code t} counts while the time is before
 * {@code t + window}, exactly. A larger window keeps 256 buckets of {@code ceil(window/256)} ms
 * and counts the last 257, so it may refuse up to one bucket early and never admits more than
 * {@code max}. Time never runs back inside a window: a caller whose clock is behind the newest
 * recorded use is taken to be at that use's time, so a slow clock on one instance frees no slot
 * early.
 *
 * <p><b>Budgets</b> are totals in millionths ({@link MicroUnits}), kept for the charge's TTL
 * after their last change.
 *
 * <p>The same window key and length charged twice in one reservation counts once (against the
 * smaller max); the same budget key twice adds both amounts (against the smaller max).
 */
public final class RedisLimitLedger implements LimitLedger {
  private static final long MAX_WINDOW_MILLIS = Duration.ofDays(3660).toMillis();
  private static final int BUCKETS = 256;

  private final RedisGateway redis;
  private final KeyLayout keys;
  private final int exactWindowMax;
  private final String memberPrefix;
  private final AtomicLong counter = new AtomicLong();

  /** A ledger on {@code redis}. */
  public RedisLimitLedger(RedisGateway redis, KeyLayout keys, int exactWindowMax) {
    this.redis = redis;
    this.keys = keys;
    this.exactWindowMax = exactWindowMax;
    byte[] random = new byte[8];
    new SecureRandom().nextBytes(random);
    this.memberPrefix = HexFormat.of().formatHex(random) + ':';
  }

  @Override
  public LimitVerdict reserve(List<WindowCharge> windows, List<BudgetCharge> budgets,
      Instant now) {
    Objects.requireNonNull(now, "now");
    List<WindowCharge> w = distinctWindows(Objects.requireNonNull(windows, "windows"));
    List<BudgetCharge> b = distinctBudgets(Objects.requireNonNull(budgets, "budgets"));
    if (w.isEmpty() && b.isEmpty()) {
      return LimitVerdict.admit();
    }
    String[] k = new String[w.size() + b.size()];
    String[] a = new String[4 + 4 * w.size() + 3 * b.size()];
    a[0] = Long.toString(now.toEpochMilli());
    a[1] = Integer.toString(w.size());
    a[2] = Integer.toString(b.size());
    a[3] = memberPrefix + counter.incrementAndGet();
    int ai = 4;
    for (int i = 0; i < w.size(); i++) {
      WindowCharge c = w.get(i);
      long ms = windowMillis(c.window());
      boolean exact = c.max() <= exactWindowMax;
      k[i] = keys.window(c.key(), ms, exact);
      a[ai++] = exact ? "x" : "b";
      a[ai++] = Long.toString(ms);
      a[ai++] = Integer.toString(c.max());
      a[ai++] = exact ? "0" : Long.toString(bucketWidth(ms));
    }
    for (int j = 0; j < b.size(); j++) {
      BudgetCharge c = b.get(j);
      k[w.size() + j] = keys.budget(c.key());
      a[ai++] = Long.toString(MicroUnits.amount(c.amount()));
      a[ai++] = Long.toString(MicroUnits.max(c.max()));
      a[ai++] = Long.toString(Math.max(1, c.ttl().toMillis()));
    }
    List<Object> reply = redis.script("reserve", Script.RESERVE, k, a);
    if (reply == null || reply.isEmpty()) {
      throw new StateUnavailableException(redis.describe() + " answered the reservation with "
          + "nothing; the call is refused");
    }
    if (number(reply.get(0)) == 1) {
      return LimitVerdict.admit();
    }
    int index = (int) number(reply.get(1));
    long retry = number(reply.get(2));
    if (index >= 1 && index <= w.size()) {
      WindowCharge c = w.get(index - 1);
      return LimitVerdict.refuse(c.key(), c.max(),
          retry < 0 ? Instant.MAX : Instant.ofEpochMilli(retry));
    }
    if (index > w.size() && index <= w.size() + b.size()) {
      BudgetCharge c = b.get(index - w.size() - 1);
      return LimitVerdict.refuse(c.key(), c.max(), Instant.MAX);
    }
    throw new StateUnavailableException(redis.describe() + " answered the reservation with an "
        + "unknown charge " + index + "; the call is refused");
  }

  @Override
  public double total(String budgetKey) {
    String v = redis.call("total", c -> RedisGateway.Awaitable.of(c.get(keys.budget(
        Objects.requireNonNull(budgetKey, "budgetKey")))));
    if (v == null) {
      return 0;
    }
    try {
      return MicroUnits.toDouble(Long.parseLong(v));
    } catch (NumberFormatException e) {
      throw new StateUnavailableException(redis.describe() + " holds a budget total that is not "
          + "a number; the call is refused", e);
    }
  }

  @Override
  public int used(WindowCharge window, Instant now) {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(now, "now");
    long ms = windowMillis(window.window());
    boolean exact = window.max() <= exactWindowMax;
    Long n = redis.script("used", Script.USED,
        new String[] {keys.window(window.key(), ms, exact)},
        Long.toString(now.toEpochMilli()), exact ? "x" : "b", Long.toString(ms),
        exact ? "0" : Long.toString(bucketWidth(ms)));
    return n == null ? 0 : (int) Math.min(Integer.MAX_VALUE, n);
  }

  /** A window in whole milliseconds, rounded up. */
  static long windowMillis(Duration window) {
    if (window.compareTo(Duration.ofMillis(MAX_WINDOW_MILLIS)) > 0) {
      throw new IllegalArgumentException("a window must not be longer than 3660 days: " + window);
    }
    long ms = window.toMillis();
    return Duration.ofMillis(ms).compareTo(window) < 0 ? ms + 1 : ms;
  }

  static long bucketWidth(long windowMillis) {
    return Math.max(1, (windowMillis + BUCKETS - 1) / BUCKETS);
  }

  private static long number(Object o) {
    if (o instanceof Long) {
      return (Long) o;
    }
    throw new StateUnavailableException("Redis answered the reservation with " + o
        + " instead of a number; the call is refused");
  }

  private static List<WindowCharge> distinctWindows(List<WindowCharge> windows) {
    if (windows.size() < 2) {
      return windows.isEmpty() ? List.of() : List.of(Objects.requireNonNull(windows.get(0)));
    }
    Map<String, WindowCharge> byKey = new LinkedHashMap<>();
    for (WindowCharge c : windows) {
      Objects.requireNonNull(c, "window charge");
      byKey.merge(c.key() + '\u0000' + windowMillis(c.window()), c,
          (x, y) -> x.max() <= y.max() ? x : y);
    }
    return new ArrayList<>(byKey.values());
  }

  private static List<BudgetCharge> distinctBudgets(List<BudgetCharge> budgets) {
    if (budgets.size() < 2) {
      return budgets.isEmpty() ? List.of() : List.of(Objects.requireNonNull(budgets.get(0)));
    }
    Map<String, BudgetCharge> byKey = new LinkedHashMap<>();
    for (BudgetCharge c : budgets) {
      Objects.requireNonNull(c, "budget charge");
      byKey.merge(c.key(), c, (x, y) -> new BudgetCharge(x.key(), x.amount() + y.amount(),
          Math.min(x.max(), y.max()), x.ttl().compareTo(y.ttl()) >= 0 ? x.ttl() : y.ttl()));
    }
    return new ArrayList<>(byKey.values());
  }
}
