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
  private final Map<String, IntList> byCore = new HashMap<>();
  private final Set<String> numbers = new HashSet<>();
  private boolean hasTrue;
  private boolean hasFalse;

  /** Adds the chunks of one trusted text, and the numbers they hold. */
  void addText(List<String> textChunks) {
    for (String chunk : textChunks) {
      int at = chunks.size();
      chunks.add(chunk);
      TrustedForm.forEachCore(chunk, core -> {
        byCore.computeIfAbsent(core, c -> new IntList()).add(at);
        addNumbersOf(core);
      });
    }
    chunks.add(null);
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
      return byCore.containsKey(value.get(0));
    }
    // start from the chunk of the value that occurs least often
    int pivot = -1;
    IntList best = null;
    for (int k = 0; k < m; k++) {
      IntList at = byCore.get(value.get(k));
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
