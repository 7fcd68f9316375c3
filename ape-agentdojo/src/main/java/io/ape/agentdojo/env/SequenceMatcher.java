package io.ape.agentdojo.env;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Python's {@code difflib.SequenceMatcher} without a junk function: the longest-match recursion,
 * the "popular element" heuristic ({@code autojunk}), {@code get_matching_blocks}, {@code
 * get_opcodes} and {@code ratio}, with the same results as CPython 3.11. Strings are compared by
 * code point. Used by workspace checks ({@code ratio}) and by {@link DeepDiff} for lists.
 *
 * @since 0.2.0
 */
public final class SequenceMatcher {
  /** A matching block {@code a[i:i+size] == b[j:j+size]}. */
  public record Match(int i, int j, int size) {}

  /** An edit operation: {@code tag} is {@code replace}, {@code delete}, {@code insert} or {@code equal}. */
  public record Opcode(String tag, int i1, int i2, int j1, int j2) {}

  private final List<?> a;
  private final List<?> b;
  private final Map<Object, List<Integer>> b2j = new HashMap<>();
  private List<Match> matchingBlocks;

  /** A matcher of two sequences; {@code autojunk} as in difflib (default {@code true}). */
  public SequenceMatcher(List<?> a, List<?> b, boolean autojunk) {
    this.a = a;
    this.b = b;
    for (int i = 0; i < b.size(); i++) {
      b2j.computeIfAbsent(b.get(i), k -> new ArrayList<>()).add(i);
    }
    int n = b.size();
    if (autojunk && n >= 200) {
      int ntest = n / 100 + 1;
      Set<Object> popular = new HashSet<>();
      for (Map.Entry<Object, List<Integer>> e : b2j.entrySet()) {
        if (e.getValue().size() > ntest) {
          popular.add(e.getKey());
        }
      }
      popular.forEach(b2j::remove);
    }
  }

  /** {@code SequenceMatcher(None, a, b).ratio()} of two strings (autojunk on). */
  public static double ratio(String a, String b) {
    return new SequenceMatcher(codePoints(a), codePoints(b), true).ratio();
  }

  /** The code points of a string, as a list. */
  public static List<Integer> codePoints(String s) {
    List<Integer> out = new ArrayList<>(s.length());
    s.codePoints().forEach(out::add);
    return out;
  }

  /** {@code find_longest_match(alo, ahi, blo, bhi)}. */
  public Match findLongestMatch(int alo, int ahi, int blo, int bhi) {
    int besti = alo;
    int bestj = blo;
    int bestsize = 0;
    Map<Integer, Integer> j2len = new HashMap<>();
    for (int i = alo; i < ahi; i++) {
      Map<Integer, Integer> newj2len = new HashMap<>();
      List<Integer> js = b2j.get(a.get(i));
      if (js != null) {
        for (int j : js) {
          if (j < blo) {
            continue;
          }
          if (j >= bhi) {
            break;
          }
          int k = j2len.getOrDefault(j - 1, 0) + 1;
          newj2len.put(j, k);
          if (k > bestsize) {
            besti = i - k + 1;
            bestj = j - k + 1;
            bestsize = k;
          }
        }
      }
      j2len = newj2len;
    }
    // No junk function: only the extension over equal elements, junk or not, applies; popular
    // elements count as non-junk here, as in difflib (bjunk is empty without isjunk).
    while (besti > alo && bestj > blo && eq(a.get(besti - 1), b.get(bestj - 1))) {
      besti--;
      bestj--;
      bestsize++;
    }
    while (besti + bestsize < ahi
        && bestj + bestsize < bhi
        && eq(a.get(besti + bestsize), b.get(bestj + bestsize))) {
      bestsize++;
    }
    return new Match(besti, bestj, bestsize);
  }

  /** {@code get_matching_blocks()}, ending with the sentinel {@code (len(a), len(b), 0)}. */
  public List<Match> matchingBlocks() {
    if (matchingBlocks != null) {
      return matchingBlocks;
    }
    int la = a.size();
    int lb = b.size();
    List<int[]> queue = new ArrayList<>();
    queue.add(new int[] {0, la, 0, lb});
    List<Match> blocks = new ArrayList<>();
    while (!queue.isEmpty()) {
      int[] q = queue.remove(queue.size() - 1);
      Match x = findLongestMatch(q[0], q[1], q[2], q[3]);
      if (x.size() > 0) {
        blocks.add(x);
        if (q[0] < x.i() && q[2] < x.j()) {
          queue.add(new int[] {q[0], x.i(), q[2], x.j()});
        }
        if (x.i() + x.size() < q[1] && x.j() + x.size() < q[3]) {
          queue.add(new int[] {x.i() + x.size(), q[1], x.j() + x.size(), q[3]});
        }
      }
    }
    blocks.sort(Comparator.comparingInt(Match::i).thenComparingInt(Match::j).thenComparingInt(Match::size));
    int i1 = 0;
    int j1 = 0;
    int k1 = 0;
    List<Match> nonAdjacent = new ArrayList<>();
    for (Match m : blocks) {
      if (i1 + k1 == m.i() && j1 + k1 == m.j()) {
        k1 += m.size();
      } else {
        if (k1 > 0) {
          nonAdjacent.add(new Match(i1, j1, k1));
        }
        i1 = m.i();
        j1 = m.j();
        k1 = m.size();
      }
    }
    if (k1 > 0) {
      nonAdjacent.add(new Match(i1, j1, k1));
    }
    nonAdjacent.add(new Match(la, lb, 0));
    matchingBlocks = List.copyOf(nonAdjacent);
    return matchingBlocks;
  }

  /** {@code get_opcodes()}. */
  public List<Opcode> opcodes() {
    int i = 0;
    int j = 0;
    List<Opcode> answer = new ArrayList<>();
    for (Match m : matchingBlocks()) {
      String tag = "";
      if (i < m.i() && j < m.j()) {
        tag = "replace";
      } else if (i < m.i()) {
        tag = "delete";
      } else if (j < m.j()) {
        tag = "insert";
      }
      if (!tag.isEmpty()) {
        answer.add(new Opcode(tag, i, m.i(), j, m.j()));
      }
      i = m.i() + m.size();
      j = m.j() + m.size();
      if (m.size() > 0) {
        answer.add(new Opcode("equal", m.i(), i, m.j(), j));
      }
    }
    return answer;
  }

  /** {@code ratio()}: {@code 2.0 * matches / (len(a) + len(b))}, 1.0 for two empty sequences. */
  public double ratio() {
    int matches = 0;
    for (Match m : matchingBlocks()) {
      matches += m.size();
    }
    int length = a.size() + b.size();
    return length == 0 ? 1.0 : 2.0 * matches / length;
  }

  private static boolean eq(Object x, Object y) {
    return x == null ? y == null : x.equals(y);
  }
}
