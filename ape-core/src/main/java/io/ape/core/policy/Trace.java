package io.ape.core.policy;

import java.util.ArrayList;
import java.util.List;

/** Collects what {@link PolicyEngine#explain} reports. Used by one thread, then discarded. */
final class Trace {
  final List<String> steps = new ArrayList<>();
  final List<Explanation.RuleTrace> rules = new ArrayList<>();

  void step(String step) {
    steps.add(step);
  }
}
