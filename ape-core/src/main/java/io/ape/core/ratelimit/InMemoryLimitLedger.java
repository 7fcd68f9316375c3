package io.ape.core.ratelimit;

import io.ape.api.StateUnavailableException;
import io.ape.spi.state.BudgetCharge;
import io.ape.spi.state.LimitLedger;
import io.ape.spi.state.LimitVerdict;
import io.ape.spi.state.WindowCharge;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link LimitLedger} of one JVM: sliding windows and running totals in memory.
 *
 * <p>{@link #reserve} is atomic (one lock for the whole ledger): every window gets one use and
 * every budget its amount, or nothing is recorded. Windows are exact sliding logs up to
 * {@value SlidingWindow#EXACT_MAX} uses and bucketed above (they may refuse up to
 * window/{@value SlidingWindow#BUCKETS} early, never admit more than {@code max}). Budget totals
 * are exact decimal sums.
 *
 * <p>Bounded: at most {@code maxEntries} windows and budgets. A window is forgotten once its last
 * use left it, a budget {@code ttl} after its last change; forgotten entries are purged when the
 * ledger fills. If it is still full, {@link #reserve} throws {@link StateUnavailableException}
 * (fail closed: the call is refused, never admitted unlimited).
 *
 * @since 0.2.0
 */
public final class InMemoryLimitLedger implements LimitLedger {
  /** The default bound on windows plus budgets. */
  public static final int DEFAULT_MAX_ENTRIES = 1_000_000;

  private final int maxEntries;
  private final Map<String, WindowState> windows = new HashMap<>();
  private final Map<String, BudgetState> budgets = new HashMap<>();

  /** A ledger of at most {@link #DEFAULT_MAX_ENTRIES} entries. */
  public InMemoryLimitLedger() {
    this(DEFAULT_MAX_ENTRIES);
  }

  /** A ledger of at most {@code maxEntries} windows plus budgets (at least 1). */
  public InMemoryLimitLedger(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
    }
    this.maxEntries = maxEntries;
  }

  private static final class WindowState {
    final SlidingWindow window;
    long expiresAt;

    WindowState(SlidingWindow window) {
      this.window = window;
    }
  }

  private static final class BudgetState {
    BigDecimal total = BigDecimal.ZERO;
    long expiresAt;
  }

  @Override
  public LimitVerdict reserve(List<WindowCharge> windowCharges, List<BudgetCharge> budgetCharges,
      Instant now) {
    Objects.requireNonNull(windowCharges, "windows");
    Objects.requireNonNull(budgetCharges, "budgets");
    long t = now.toEpochMilli();
    synchronized (this) {
      for (WindowCharge c : windowCharges) {
        WindowState s = windows.get(stateKey(c));
        int used = s == null ? 0 : s.window.count(t);
        if (used + 1 > c.max()) {
          long free = s == null ? Long.MAX_VALUE : s.window.nextFree(t);
          return LimitVerdict.refuse(c.key(), c.max(),
              c.max() == 0 || free == Long.MAX_VALUE ? Instant.MAX : Instant.ofEpochMilli(free));
        }
      }
      for (BudgetCharge b : budgetCharges) {
        BudgetState s = budgets.get(b.key());
        BigDecimal total = s == null || s.expiresAt <= t ? BigDecimal.ZERO : s.total;
        if (!Double.isInfinite(b.max())
            && total.add(BigDecimal.valueOf(b.amount())).compareTo(BigDecimal.valueOf(b.max())) > 0) {
          return LimitVerdict.refuse(b.key(), Math.floor(b.max()), Instant.MAX);
        }
      }
      int fresh = 0;
      for (WindowCharge c : windowCharges) {
        fresh += windows.containsKey(stateKey(c)) ? 0 : 1;
      }
      for (BudgetCharge b : budgetCharges) {
        fresh += budgets.containsKey(b.key()) ? 0 : 1;
      }
      if (fresh > 0 && windows.size() + budgets.size() + fresh > maxEntries) {
        purge(t);
        if (windows.size() + budgets.size() + fresh > maxEntries) {
          throw new StateUnavailableException("the in-memory limit ledger holds " + maxEntries
              + " windows and budgets, its maximum; the call is refused (fail closed)");
        }
      }
      for (WindowCharge c : windowCharges) {
        long windowMillis = millis(c.window());
        WindowState s = windows.computeIfAbsent(stateKey(c),
            k -> new WindowState(SlidingWindow.of(c.max(), windowMillis)));
        s.window.record(t);
        s.expiresAt = Math.max(s.expiresAt, saturatedAdd(t, windowMillis));
      }
      for (BudgetCharge b : budgetCharges) {
        BudgetState s = budgets.computeIfAbsent(b.key(), k -> new BudgetState());
        if (s.expiresAt <= t) {
          s.total = BigDecimal.ZERO;
        }
        s.total = s.total.add(BigDecimal.valueOf(b.amount()));
        s.expiresAt = saturatedAdd(t, millis(b.ttl()));
      }
      return LimitVerdict.admit();
    }
  }

  @Override
  public synchronized double total(String budgetKey) {
    BudgetState s = budgets.get(budgetKey);
    return s == null ? 0 : s.total.doubleValue();
  }

  @Override
  public synchronized int used(WindowCharge window, Instant now) {
    WindowState s = windows.get(stateKey(window));
    return s == null ? 0 : s.window.count(now.toEpochMilli());
  }

  /** The number of windows and budgets held (including forgotten ones not yet purged). */
  public synchronized int size() {
    return windows.size() + budgets.size();
  }

  private void purge(long now) {
    for (Iterator<WindowState> it = windows.values().iterator(); it.hasNext();) {
      if (it.next().expiresAt <= now) {
        it.remove();
      }
    }
    for (Iterator<BudgetState> it = budgets.values().iterator(); it.hasNext();) {
      if (it.next().expiresAt <= now) {
        it.remove();
      }
    }
  }

  /** One state per key, window and max: a policy that changes a limit starts a new window. */
  private static String stateKey(WindowCharge c) {
    return c.key() + '\u0000' + c.window().toMillis() + '\u0000' + c.max();
  }

  private static long millis(Duration d) {
    long ms;
    try {
      ms = d.toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
    return Duration.ofMillis(ms).compareTo(d) < 0 ? ms + 1 : ms;
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  @Override
  public synchronized String toString() {
    return "InMemoryLimitLedger[" + windows.size() + " windows, " + budgets.size() + " budgets]";
  }
}
