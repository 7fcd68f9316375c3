package io.ape.core.provenance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trusted inputs of a session, kept exactly ({@link TrustedForm}): the chunks of every
 * trusted text in order (an input never runs into the next), an index from every chunk core to
 * where it occurs, the numbers the strict reading finds in them, and the booleans of structured
 * trusted inputs.
 *
 * <p>Not thread-safe; {@link ValueProvenanceTracker} guards it.
 */
final class TrustedCorpus {
  private final List<String> chunks = new ArrayList<>(); // null between two inputs
  /** Hash of every core to the chunks that have it (verified exactly on lookup). */
  private final Map<Long, IntList> byCore = new HashMap<>();
  private final Set<String> numbers = new HashSet<>();
  private long chunkChars;
  private boolean hasTrue;
  private boolean hasFalse;

  /** Adds the chunks of one trusted text, and the numbers they hold. */
  void addText(List<String> textChunks) {
    for (String chunk : textChunks) {
      chunkChars += chunk.length();
      int at = chunks.size();
      chunks.add(chunk);
      TrustedForm.forEachCore(chunk, (from, to) -> {
        byCore.computeIfAbsent(hash(chunk, from, to), h -> new IntList()).add(at);
        if (to - from <= NumberForms.MAX_LITERAL + 2) {
          addNumbersOf(chunk.substring(from, to));
        }
      });
    }
    chunks.add(null);
  }

  /** Characters of every chunk kept: no value with more non-space characters can match. */
  long chunkChars() {
    return chunkChars;
  }

  /** Adds a number in canonical form. */
  void addNumber(String canonical) {
    numbers.add(canonical);
  }

  /** Adds a boolean of a structured trusted input. */
  void addBoolean(boolean value) {
    if (value) {
      hasTrue = true;
    } else {
      hasFalse = true;
    }
  }

  /** Whether the chunks of a value occur, in order and whole, within one trusted input. */
  boolean containsChunks(List<String> value) {
    int m = value.size();
    if (m == 0) {
      return false;
    }
    if (m == 1) {
      String v = value.get(0);
      IntList at = byCore.get(hash(v, 0, v.length()));
      if (at != null) {
        for (int i = 0; i < at.size(); i++) {
          if (TrustedForm.isCore(chunks.get(at.get(i)), v)) {
            return true;
          }
        }
      }
      return false;
    }
    // start from the chunk of the value that occurs least often
    int pivot = -1;
    IntList best = null;
    for (int k = 0; k < m; k++) {
      String v = value.get(k);
      IntList at = byCore.get(hash(v, 0, v.length()));
      if (at == null) {
        return false;
      }
      if (best == null || at.size() < best.size()) {
        best = at;
        pivot = k;
      }
    }
    for (int i = 0; i < best.size(); i++) {
      int start = best.get(i) - pivot;
      if (start >= 0 && start + m <= chunks.size() && matchesAt(value, start)) {
        return true;
      }
    }
    return false;
  }

  private boolean matchesAt(List<String> value, int start) {
    int m = value.size();
    for (int k = 0; k < m; k++) {
      String chunk = chunks.get(start + k);
      if (chunk == null) {
        return false;
      }
      String v = value.get(k);
      boolean ok = k == 0 ? TrustedForm.isLeftCore(chunk, v)
          : k == m - 1 ? TrustedForm.isRightCore(chunk, v)
          : chunk.equals(v);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Whether a canonical number occurs in trusted input. */
  boolean containsNumber(String canonical) {
    return numbers.contains(canonical);
  }

  /** Whether the boolean occurs in a structured trusted input. */
  boolean containsBoolean(boolean value) {
    return value ? hasTrue : hasFalse;
  }

  /** A 64-bit hash of {@code s[from, to)}; collisions only cost a verification. */
  private static long hash(String s, int from, int to) {
    long h = 0x9E3779B97F4A7C15L;
    for (int i = from; i < to; i++) {
      h = (h ^ s.charAt(i)) * 0x100000001B3L;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    return h ^ (h >>> 33);
  }

  private void addNumbersOf(String core) {
    String n = NumberForms.strict(core);
    if (n != null) {
      numbers.add(n);
      return;
    }
    // a currency sign before or after a plain literal: "$100", "100€"
    if (core.length() > 1) {
      int first = core.codePointAt(0);
      if (Character.getType(first) == Character.CURRENCY_SYMBOL) {
        addIfStrict(core.substring(Character.charCount(first)));
      }
      int last = core.codePointBefore(core.length());
      if (Character.getType(last) == Character.CURRENCY_SYMBOL) {
        addIfStrict(core.substring(0, core.length() - Character.charCount(last)));
      }
    }
  }

  private void addIfStrict(String s) {
    String n = NumberForms.strict(s);
    if (n != null) {
      numbers.add(n);
    }
  }
}
