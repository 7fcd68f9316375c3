package io.ape.core.provenance;

/**
 * A growable set of 32-bit fingerprints (open addressing, linear probing). A lookup of a
 * fingerprint that was never added answers {@code true} with a probability of about
 * {@code size / 2^32}: a false "found", which the tracker only ever reads as "untrusted".
 *
 * <p>Not thread-safe; {@link ValueProvenanceTracker} guards it. Memory: 4 bytes per slot, load
 * between 0.5 and 0.75 once grown.
 */
final class FingerprintSet {
  private static final int INITIAL = 64;

  private int[] table = new int[INITIAL];
  private int size;

  /** Adds a fingerprint ({@code 0} is stored as {@code 1}). */
  void add(int fingerprint) {
    int fp = fingerprint == 0 ? 1 : fingerprint;
    if ((size + 1) * 4L > table.length * 3L) {
      grow();
    }
    if (insert(table, fp)) {
      size++;
    }
  }

  /** Whether {@code fingerprint} was (probably) added. */
  boolean contains(int fingerprint) {
    int fp = fingerprint == 0 ? 1 : fingerprint;
    int[] t = table;
    int i = slot(fp, t.length);
    while (true) {
      int v = t[i];
      if (v == fp) {
        return true;
      }
      if (v == 0) {
        return false;
      }
      i = i + 1 == t.length ? 0 : i + 1;
    }
  }

  /** Distinct fingerprints held. */
  int size() {
    return size;
  }

  /** The longest run of occupied slots (a lookup probes at most this many plus one). */
  int longestRun() {
    int longest = 0;
    int run = 0;
    for (int pass = 0; pass < 2; pass++) { // twice round, for a run that wraps
      for (int v : table) {
        run = v == 0 ? 0 : run + 1;
        longest = Math.max(longest, Math.min(run, table.length));
      }
    }
    return longest;
  }

  /** Bytes of the table. */
  long bytes() {
    return 4L * table.length;
  }

  private void grow() {
    int[] bigger = new int[table.length + table.length / 2];
    for (int v : table) {
      if (v != 0) {
        insert(bigger, v);
      }
    }
    table = bigger;
  }

  private static boolean insert(int[] t, int fp) {
    int i = slot(fp, t.length);
    while (true) {
      int v = t[i];
      if (v == fp) {
        return false;
      }
      if (v == 0) {
        t[i] = fp;
        return true;
      }
      i = i + 1 == t.length ? 0 : i + 1;
    }
  }

  /**
   * The home slot of a fingerprint. Fingerprints are scrambled first (a bijection): winnowing
   * keeps the smallest hash of each window, so the fingerprints it adds crowd the low end of
   * the range, and slots taken from them directly would form long probe runs.
   */
  private static int slot(int fp, int length) {
    int h = fp * 0x9E3779B1;
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    return (int) (((h & 0xFFFF_FFFFL) * length) >>> 32);
  }
}
