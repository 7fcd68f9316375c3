package io.ape.agentdojo.run;

import java.util.List;

/**
 * The results of one suite.
 *
 * @param suite the suite
 * @param score the benchmark's own tasks
 * @param customScore the pairs with injection tasks from an {@code --injections} file
 * @param benign the benign runs
 * @param pairs the attacked runs (custom ones included, flagged)
 * @since 0.2.0
 */
public record SuiteReport(
    String suite, Score score, Score customScore, List<BenignResult> benign, List<PairResult> pairs) {
  public SuiteReport {
    benign = List.copyOf(benign);
    pairs = List.copyOf(pairs);
  }
}
