package io.ape.redis;

import io.ape.spi.state.BudgetCharge;
import io.ape.spi.state.LimitVerdict;
import io.ape.spi.state.WindowCharge;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plain in-memory model of the ledger's documented semantics, written without Redis in mind:
 * an exact window is a list of use times, a bucketed one a map of bucket counts, a budget a
 * decimal total. The property test checks that the Lua ledger admits exactly what this admits.
 */
final class LedgerModel {
  private static final int BUCKETS = 256;

  private final int exactWindowMax;
  private final Map<String, Deque<Long>> exact = new HashMap<>();
  private final Map<String, TreeMap<Long, Integer>> bucketed = new HashMap<>();
  private final Map<String, Long> latest = new HashMap<>();
  private final Map<String, BigDecimal> totals = new HashMap<>();

  LedgerModel(int exactWindowMax) {
    this.exactWindowMax = exactWindowMax;
  }

  LimitVerdict reserve(List<WindowCharge> windowList, List<BudgetCharge> budgetList,
      Instant at) {
    long now = at.toEpochMilli();
    Map<String, WindowCharge> windows = new LinkedHashMap<>();
    for (WindowCharge w : windowList) {
      windows.merge(w.key() + "|" + w.window().toMillis(), w, (x, y) -> x.max() <= y.max() ? x : y);
    }
    Map<String, BudgetCharge> budgets = new LinkedHashMap<>();
    for (BudgetCharge b : budgetList) {
      budgets.merge(b.key(), b, (x, y) -> new BudgetCharge(x.key(), x.amount() + y.amount(),
          Math.min(x.max(), y.max()), x.ttl()));
    }
    Map<String, Long> times = new HashMap<>();
    for (Map.Entry<String, WindowCharge> e : windows.entrySet()) {
      WindowCharge w = e.getValue();
      long ms = w.window().toMillis();
      String id = e.getKey() + (isExact(w) ? "|x" : "|b");
      long t = Math.max(now, newest(id, isExact(w)));
      if (isExact(w)) {
        Deque<Long> uses = exact.computeIfAbsent(id, k -> new ArrayDeque<>());
        uses.removeIf(s -> s <= t - ms);
        if (uses.size() >= w.max()) {
          return LimitVerdict.refuse(w.key(), w.max(), w.max() == 0 ? Instant.MAX
              : Instant.ofEpochMilli(uses.peekFirst() + ms));
        }
      } else {
        long width = Math.max(1, (ms + BUCKETS - 1) / BUCKETS);
        long current = Math.floorDiv(t, width);
        TreeMap<Long, Integer> counts = bucketed.computeIfAbsent(id, k -> new TreeMap<>());
        counts.headMap(current - BUCKETS).clear();
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        if (total >= w.max()) {
          return LimitVerdict.refuse(w.key(), w.max(),
              Instant.ofEpochMilli((counts.firstKey() + BUCKETS + 1) * width));
        }
      }
      times.put(id, t);
    }
    for (BudgetCharge b : budgets.values()) {
      BigDecimal total = totals.getOrDefault(b.key(), BigDecimal.ZERO);
      BigDecimal amount = BigDecimal.valueOf(b.amount()).setScale(6, RoundingMode.CEILING);
      if (!Double.isInfinite(b.max())
          && total.add(amount).compareTo(BigDecimal.valueOf(b.max())
              .setScale(6, RoundingMode.FLOOR)) > 0) {
        return LimitVerdict.refuse(b.key(), b.max(), Instant.MAX);
      }
    }
    for (Map.Entry<String, WindowCharge> e : windows.entrySet()) {
      WindowCharge w = e.getValue();
      String id = e.getKey() + (isExact(w) ? "|x" : "|b");
      long t = times.get(id);
      if (isExact(w)) {
        exact.get(id).addLast(t);
      } else {
        long width = Math.max(1, (w.window().toMillis() + BUCKETS - 1) / BUCKETS);
        bucketed.get(id).merge(Math.floorDiv(t, width), 1, Integer::sum);
        latest.put(id, t);
      }
    }
    for (BudgetCharge b : budgets.values()) {
      totals.merge(b.key(), BigDecimal.valueOf(b.amount()).setScale(6, RoundingMode.CEILING),
          BigDecimal::add);
    }
    return LimitVerdict.admit();
  }

  int used(WindowCharge w, Instant at) {
    long now = at.toEpochMilli();
    long ms = w.window().toMillis();
    String id = w.key() + "|" + ms + (isExact(w) ? "|x" : "|b");
    long t = Math.max(now, newest(id, isExact(w)));
    if (isExact(w)) {
      return (int) exact.getOrDefault(id, new ArrayDeque<>()).stream().filter(s -> s > t - ms)
          .count();
    }
    long width = Math.max(1, (ms + BUCKETS - 1) / BUCKETS);
    long current = Math.floorDiv(t, width);
    return bucketed.getOrDefault(id, new TreeMap<>()).tailMap(current - BUCKETS).values().stream()
        .mapToInt(Integer::intValue).sum();
  }

  double total(String key) {
    return totals.getOrDefault(key, BigDecimal.ZERO).doubleValue();
  }

  private long newest(String id, boolean isExact) {
    if (isExact) {
      Deque<Long> uses = exact.get(id);
      return uses == null || uses.isEmpty() ? Long.MIN_VALUE : uses.peekLast();
    }
    return latest.getOrDefault(id, Long.MIN_VALUE);
  }

  private boolean isExact(WindowCharge w) {
    return w.max() <= exactWindowMax;
  }

  /** The windows the model knows (for reading them all back). */
  List<String> ids() {
    List<String> out = new ArrayList<>(exact.keySet());
    out.addAll(bucketed.keySet());
    return out;
  }
}
