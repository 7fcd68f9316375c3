package io.ape.core.provenance;

/**
 * What the tracker remembers of untrusted text: fingerprints, never the text itself.
 *
 * <p>Three kinds, all over the {@link Skeleton} of the text:
 * <ul>
 *   <li><em>runs</em>: the hashes of the {@code g}-letter windows of the letters-and-digits stream
 *       ({@code g = ceil(3K/4)}), thinned by winnowing (Schleimer, Wilkerson and Aiken, 2003: of
 *       every {@code w = K - g + 1} consecutive windows the smallest hash is kept). Every run of
 *       at least K characters the text shares with a value contains a kept window, so it is
 *       always found; a shorter shared run may be found too.</li>
 *   <li><em>atom sequences</em>: every sequence of up to {@value #MAX_SEQUENCE_ATOMS} consecutive
 *       atoms (words) with fewer than K letters and digits, so that a short value found whole in
 *       untrusted text is recognised ({@code mallory@x.io} in "write to mallory@x.io").</li>
 *   <li><em>numbers</em>: the canonical form of every number the liberal reading finds
 *       ({@link NumberForms#liberal}).</li>
 * </ul>
 * Each kind hashes with its own seed. A hash collision can only make a value look copied,
 * never trusted.
 *
 * <p>Not thread-safe; {@link ValueProvenanceTracker} guards it.
 */
final class UntrustedIndex {
  /** Longest atom sequence indexed whole. */
  static final int MAX_SEQUENCE_ATOMS = 6;

  private static final long BASE = 0x100000001B3L;
  private static final long RUN_SEED = 0x2545F4914F6CDD1DL;
  private static final long ATOM_SEED = 0x6A09E667F3BCC909L;
  private static final long NUMBER_SEED = 0xBB67AE8584CAA73BL;
  private static final int ATOM_SEPARATOR = 0x110000; // beyond Unicode: no code point equals it

  private final int minRun;
  private final int gram;
  private final int window;
  private final long gramPower;
  private final FingerprintSet set = new FingerprintSet();

  UntrustedIndex(int minCopiedRun) {
    this.minRun = minCopiedRun;
    this.gram = (3 * minCopiedRun + 3) / 4;
    this.window = minCopiedRun - gram + 1;
    long p = 1;
    for (int i = 1; i < gram; i++) {
      p *= BASE;
    }
    this.gramPower = p;
  }

  /** The window length {@code g} of the run fingerprints. */
  int gram() {
    return gram;
  }

  /** Adds the fingerprints of one skeleton to {@code out} (pure: no change to the index). */
  void fingerprintsOf(String skeleton, IntList out) {
    if (skeleton.isEmpty()) {
      return;
    }
    int[] cps = codePoints(skeleton);
    runFingerprints(cps, out);
    atomFingerprints(cps, out);
  }

  /** Adds the fingerprint of one canonical number to {@code out}. */
  void numberFingerprint(String canonical, IntList out) {
    out.add(numberFingerprint(canonical));
  }

  /** Adds fingerprints computed by {@link #fingerprintsOf} or {@link #numberFingerprint}. */
  void addAll(IntList fingerprints) {
    for (int i = 0; i < fingerprints.size(); i++) {
      set.add(fingerprints.get(i));
    }
  }

  /** Distinct fingerprints held. */
  int size() {
    return set.size();
  }

  /** Bytes held by the fingerprint table. */
  long bytes() {
    return set.bytes();
  }

  /** Whether the skeleton shares a (probably) indexed run with untrusted text. */
  boolean containsRun(String skeleton) {
    int[] stream = letters(skeleton);
    if (stream.length < gram) {
      return false;
    }
    long h = 0;
    for (int i = 0; i < gram; i++) {
      h = h * BASE + stream[i];
    }
    if (set.contains(fingerprint(h, RUN_SEED))) {
      return true;
    }
    for (int i = gram; i < stream.length; i++) {
      h = (h - stream[i - gram] * gramPower) * BASE + stream[i];
      if (set.contains(fingerprint(h, RUN_SEED))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the skeleton, whole, is a (probably) indexed atom sequence of untrusted text. */
  boolean containsAtoms(String skeleton) {
    if (skeleton.isEmpty()) {
      return false;
    }
    long h = ATOM_SEED;
    int atoms = 1;
    int letters = 0;
    for (int i = 0; i < skeleton.length(); ) {
      int cp = skeleton.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == ' ') {
        if (++atoms > MAX_SEQUENCE_ATOMS) {
          return false;
        }
        h = h * BASE + ATOM_SEPARATOR;
      } else {
        if (++letters >= minRun) {
          return false;
        }
        h = h * BASE + cp;
      }
    }
    return set.contains(fingerprint(h, ATOM_SEED));
  }

  /** Whether the canonical number (probably) occurs in untrusted text. */
  boolean containsNumber(String canonical) {
    return set.contains(numberFingerprint(canonical));
  }

  private void runFingerprints(int[] cps, IntList out) {
    int[] stream = stream(cps);
    int n = stream.length - gram + 1;
    if (n <= 0) {
      return;
    }
    int[] fps = new int[n];
    long h = 0;
    for (int i = 0; i < gram; i++) {
      h = h * BASE + stream[i];
    }
    fps[0] = fingerprint(h, RUN_SEED);
    for (int i = gram; i < stream.length; i++) {
      h = (h - stream[i - gram] * gramPower) * BASE + stream[i];
      fps[i - gram + 1] = fingerprint(h, RUN_SEED);
    }
    if (n <= window) {
      out.add(fps[rightmostMin(fps, 0, n)]);
      return;
    }
    int last = -1;
    for (int start = 0; start + window <= n; start++) {
      int m = rightmostMin(fps, start, start + window);
      if (m != last) {
        out.add(fps[m]);
        last = m;
      }
    }
  }

  private void atomFingerprints(int[] cps, IntList out) {
    // atom start offsets in cps
    IntList starts = new IntList();
    starts.add(0);
    for (int i = 0; i < cps.length; i++) {
      if (cps[i] == ' ') {
        starts.add(i + 1);
      }
    }
    int atoms = starts.size();
    for (int a = 0; a < atoms; a++) {
      long h = ATOM_SEED;
      int letters = 0;
      for (int b = a; b < atoms && b < a + MAX_SEQUENCE_ATOMS; b++) {
        if (b > a) {
          h = h * BASE + ATOM_SEPARATOR;
        }
        int end = b + 1 < atoms ? starts.get(b + 1) - 1 : cps.length;
        for (int i = starts.get(b); i < end; i++) {
          h = h * BASE + cps[i];
        }
        letters += end - starts.get(b);
        if (letters >= minRun) {
          break;
        }
        out.add(fingerprint(h, ATOM_SEED));
      }
    }
  }

  private static int rightmostMin(int[] fps, int from, int to) {
    int m = from;
    for (int i = from + 1; i < to; i++) {
      if (fps[i] <= fps[m]) {
        m = i;
      }
    }
    return m;
  }

  /** The code points of a skeleton without its atom separators. */
  private static int[] letters(String s) {
    int[] out = new int[s.length()];
    int n = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (cp != ' ') {
        out[n++] = cp;
      }
      i += Character.charCount(cp);
    }
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }

  private static int[] codePoints(String s) {
    int[] out = new int[s.length()];
    int n = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      out[n++] = cp;
      i += Character.charCount(cp);
    }
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }

  /** The letters and digits of a skeleton, without the atom separators. */
  private static int[] stream(int[] cps) {
    int n = 0;
    for (int cp : cps) {
      if (cp != ' ') {
        n++;
      }
    }
    if (n == cps.length) {
      return cps;
    }
    int[] out = new int[n];
    int j = 0;
    for (int cp : cps) {
      if (cp != ' ') {
        out[j++] = cp;
      }
    }
    return out;
  }

  private static int numberFingerprint(String canonical) {
    long h = NUMBER_SEED;
    for (int i = 0; i < canonical.length(); i++) {
      h = h * BASE + canonical.charAt(i);
    }
    return fingerprint(h, NUMBER_SEED);
  }

  private static int fingerprint(long h, long seed) {
    long x = h ^ seed;
    x ^= x >>> 33;
    x *= 0xFF51AFD7ED558CCDL;
    x ^= x >>> 33;
    x *= 0xC4CEB9FE1A85EC53L;
    x ^= x >>> 33;
    return (int) (x ^ (x >>> 32));
  }
}
