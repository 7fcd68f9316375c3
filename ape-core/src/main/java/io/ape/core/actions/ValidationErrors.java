package io.ape.core.actions;

import java.util.ArrayList;
import java.util.List;

/** Collects validation errors, keeping at most {@link #MAX} (and counting the rest). */
final class ValidationErrors {
  static final int MAX = 50;

  private final List<String> errors = new ArrayList<>();
  private int dropped;

  void add(String location, String problem) {
    if (errors.size() < MAX) {
      errors.add(location.isEmpty() ? problem : location + ": " + problem);
    } else {
      dropped++;
    }
  }

  boolean isEmpty() {
    return errors.isEmpty();
  }

  List<String> toList() {
    if (dropped == 0) {
      return List.copyOf(errors);
    }
    List<String> out = new ArrayList<>(errors);
    out.add("... and " + dropped + " more errors");
    return List.copyOf(out);
  }
}
