package io.ape.core.provenance;

import java.util.Arrays;

/** A growable list of {@code int}s. Not thread-safe. */
final class IntList {
  private int[] items = new int[2];
  private int size;

  void add(int v) {
    if (size == items.length) {
      items = Arrays.copyOf(items, size * 2);
    }
    items[size++] = v;
  }

  int size() {
    return size;
  }

  int get(int i) {
    return items[i];
  }
}
