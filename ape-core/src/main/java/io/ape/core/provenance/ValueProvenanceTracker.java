package io.ape.core.provenance;

import io.ape.api.Provenance;
import io.ape.api.ProvenanceTracker;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The provenance tracker of one session, by exact matching (DESIGN §13).
 *
 * <p>Every recorded input is flattened into its leaf values (strings, numbers, booleans; lists
 * and maps element by element, map keys ignored), each kept as its <em>canonical string</em>:
 * a string as it is, a number by value ({@code 5}, {@code 5.0} and {@code 5.00} are all
 * {@code "5"}), a boolean as {@code true}/{@code false}, anything else by {@code toString()}.
 *
 * <p>{@link #label(Object)} labels a value:
 * <ol>
 *   <li>{@link Provenance#USER_TRUSTED} if its canonical string occurs in a trusted input as a
 *       whole token sequence: at a position where the character before and the character after
 *       (if any) are not word characters (letters, digits, {@code _}); for a value starting or
 *       ending with a digit, a sign or decimal point next to it does not count as a boundary,
 *       so {@code 5} is not found in {@code "-5"} or {@code "5.5"}. Equality with a recorded
 *       trusted value is the special case of a whole input;</li>
 *   <li>else {@link Provenance#EXTERNAL_UNTRUSTED} if it occurs, in the same sense, in an
 *       untrusted input (or the tracker overflowed its untrusted bound, see
 *       {@link TrackerLimits});</li>
 *   <li>else {@link Provenance#MODEL_GENERATED}.</li>
 * </ol>
 * A list or map is labelled element by element and gets the least trusted label of its
 * elements; an empty list or map, {@code null} and the empty string (unless recorded as a
 * trusted value itself) are {@link Provenance#MODEL_GENERATED}.
 *
 * <p>An input whose values are all known untrusted already is not kept again. Deterministic;
 * memory bounded by {@link TrackerLimits}; thread-safe (one lock per tracker).
 * Labelling cost grows with the text recorded; this is the minimal exact-matching version.
 *
 * @since 0.2.0
 */
public final class ValueProvenanceTracker implements ProvenanceTracker {
  private final TrackerLimits limits;
  private final Object lock = new Object();
  private final ArrayDeque<List<String>> trusted = new ArrayDeque<>();
  private final ArrayDeque<Long> trustedSizes = new ArrayDeque<>();
  private long trustedChars;
  private final java.util.Set<String> untrusted = new java.util.LinkedHashSet<>();
  private int untrustedInputs;
  private long untrustedChars;
  private boolean untrustedOverflow;

  /** A tracker with {@link TrackerLimits#defaults()}. */
  public ValueProvenanceTracker() {
    this(TrackerLimits.defaults());
  }

  /** A tracker with the given limits. */
  public ValueProvenanceTracker(TrackerLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** The limits. */
  public TrackerLimits limits() {
    return limits;
  }

  @Override
  public void recordTrusted(String source, Object value) {
    List<String> atoms = new ArrayList<>();
    flatten(value, atoms, 0);
    long size = 0;
    for (int i = 0; i < atoms.size(); i++) {
      String a = atoms.get(i);
      if (a.length() > limits.maxInputChars()) {
        a = a.substring(0, limits.maxInputChars());
        atoms.set(i, a);
      }
      size += Math.max(1, a.length());
    }
    if (atoms.isEmpty() || size > limits.maxTrustedChars()) {
      return; // nothing to keep, or more than the whole budget: vouches for nothing
    }
    synchronized (lock) {
      trusted.addLast(List.copyOf(atoms));
      trustedSizes.addLast(size);
      trustedChars += size;
      while (trusted.size() > limits.maxTrustedInputs() || trustedChars > limits.maxTrustedChars()) {
        trusted.removeFirst();
        trustedChars -= trustedSizes.removeFirst();
      }
    }
  }

  @Override
  public void recordUntrusted(String source, Object value) {
    List<String> atoms = new ArrayList<>();
    flatten(value, atoms, 0);
    long size = 0;
    boolean tooLong = false;
    for (String a : atoms) {
      size += Math.max(1, a.length());
      tooLong |= a.length() > limits.maxInputChars();
    }
    synchronized (lock) {
      if (untrustedOverflow) {
        return;
      }
      if (!tooLong && untrusted.containsAll(atoms)) {
        return; // every value is known untrusted already: nothing new to keep
      }
      if (tooLong || untrustedInputs + 1 > limits.maxUntrustedInputs()
          || untrustedChars + size > limits.maxUntrustedChars()) {
        untrustedOverflow = true;
        untrusted.clear();
        return;
      }
      long added = 0;
      for (String a : atoms) {
        if (untrusted.add(a)) {
          added += Math.max(1, a.length());
        }
      }
      untrustedInputs++;
      untrustedChars += added;
    }
  }

  @Override
  public Provenance label(Object value) {
    synchronized (lock) {
      return labelLocked(value, 0);
    }
  }

  @Override
  public Map<String, Provenance> label(Map<String, ?> arguments) {
    if (arguments == null || arguments.isEmpty()) {
      return Map.of();
    }
    Map<String, Provenance> out = new LinkedHashMap<>();
    synchronized (lock) {
      for (Map.Entry<String, ?> e : arguments.entrySet()) {
        out.put(e.getKey(), labelLocked(e.getValue(), 0));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** Whether the untrusted bound was passed (every unfound value is then EXTERNAL_UNTRUSTED). */
  public boolean overflowed() {
    synchronized (lock) {
      return untrustedOverflow;
    }
  }

  private Provenance labelLocked(Object value, int depth) {
    if (depth > 64) {
      return Provenance.EXTERNAL_UNTRUSTED;
    }
    if (value instanceof Map<?, ?> m) {
      return leastOf(m.values().iterator(), depth);
    }
    if (value instanceof List<?> l) {
      return leastOf(l.iterator(), depth);
    }
    if (value == null) {
      return Provenance.MODEL_GENERATED;
    }
    String c = canonical(value);
    for (List<String> input : trusted) {
      for (String text : input) {
        if (c.isEmpty() ? text.isEmpty() : occursIn(c, text)) {
          return Provenance.USER_TRUSTED;
        }
      }
    }
    if (untrustedOverflow) {
      return Provenance.EXTERNAL_UNTRUSTED;
    }
    if (!c.isEmpty()) {
      for (String text : untrusted) {
        if (occursIn(c, text)) {
          return Provenance.EXTERNAL_UNTRUSTED;
        }
      }
    }
    return Provenance.MODEL_GENERATED;
  }

  private Provenance leastOf(Iterator<?> values, int depth) {
    Provenance least = null;
    while (values.hasNext()) {
      Provenance p = labelLocked(values.next(), depth + 1);
      least = least == null ? p : Provenance.leastTrusted(least, p);
    }
    return least == null ? Provenance.MODEL_GENERATED : least;
  }

  /** The canonical string of a leaf value. */
  static String canonical(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte || value instanceof BigInteger) {
      return value.toString();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return Double.toString(d);
      }
      return plain(new BigDecimal(Double.toString(d)));
    }
    if (value instanceof BigDecimal b) {
      return plain(b);
    }
    return String.valueOf(value);
  }

  private static String plain(BigDecimal b) {
    BigDecimal s = b.stripTrailingZeros();
    return s.signum() == 0 ? "0" : s.toPlainString();
  }

  private static void flatten(Object value, List<String> out, int depth) {
    if (depth > 64) {
      return;
    }
    if (value instanceof Map<?, ?> m) {
      for (Object v : m.values()) {
        flatten(v, out, depth + 1);
      }
    } else if (value instanceof Iterable<?> l) {
      for (Object v : l) {
        flatten(v, out, depth + 1);
      }
    } else if (value != null) {
      out.add(canonical(value));
    }
  }

  /** Whether {@code value} occurs in {@code text} as a whole token sequence. */
  static boolean occursIn(String value, String text) {
    int n = value.length();
    boolean digitStart = Character.isDigit(value.charAt(0));
    boolean digitEnd = Character.isDigit(value.charAt(n - 1));
    for (int i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + 1)) {
      if (boundaryBefore(text, i, digitStart) && boundaryAfter(text, i + n, digitEnd)) {
        return true;
      }
    }
    return false;
  }

  private static boolean boundaryBefore(String text, int i, boolean digitStart) {
    if (i == 0) {
      return true;
    }
    char c = text.charAt(i - 1);
    if (isWord(c)) {
      return false;
    }
    return !(digitStart && (c == '-' || c == '+' || c == '.' || c == ','));
  }

  private static boolean boundaryAfter(String text, int j, boolean digitEnd) {
    if (j == text.length()) {
      return true;
    }
    char c = text.charAt(j);
    if (isWord(c)) {
      return false;
    }
    return !(digitEnd && (c == '.' || c == ',') && j + 1 < text.length()
        && Character.isDigit(text.charAt(j + 1)));
  }

  private static boolean isWord(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "ValueProvenanceTracker[trusted=" + trusted.size() + " inputs, untrusted="
          + untrustedInputs + " inputs" + (untrustedOverflow ? ", overflowed" : "") + "]";
    }
  }
}
