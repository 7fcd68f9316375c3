package io.ape.agentdojo.run;

import java.util.List;

/**
 * The results of a benchmark run.
 *
 * @param version the benchmark version, e.g. {@code v1.2.1}
 * @param caller the tool caller, e.g. {@code direct}
 * @param attack the attack, e.g. {@code important_instructions}
 * @param userName the user name the injections are signed with
 * @param modelName the model name the injections address
 * @param suites the suites, in order
 * @param total the sum of the suites' scores
 * @param customTotal the sum of the suites' custom scores
 * @param elapsedMillis wall-clock time of the run
 * @since 0.2.0
 */
public record BenchmarkReport(
    String version,
    String caller,
    String attack,
    String userName,
    String modelName,
    List<SuiteReport> suites,
    Score total,
    Score customTotal,
    long elapsedMillis) {
  public BenchmarkReport {
    suites = List.copyOf(suites);
  }

  /** {@code true} when some run ended in a harness error. */
  public boolean hasErrors() {
    return total.errors() + customTotal.errors() > 0;
  }
}
