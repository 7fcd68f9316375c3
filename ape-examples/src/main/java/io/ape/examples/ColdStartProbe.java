package io.ape.examples;

import io.ape.api.Decision;
import io.ape.core.policy.PolicyEngine;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * Measures the cold start of DESIGN §10: the time from JVM start to the first decision of an
 * engine built from a policy file. Prints one line, {@code <ms since JVM start> <ms in main>
 * <outcome>}, and is meant to be run in a fresh JVM each time (see {@code docs/cold-start.md}):
 *
 * <pre>{@code
 * java -cp <class path> io.ape.examples.ColdStartProbe policy.yaml [action]
 * }</pre>
 *
 * <p>The clock is read right after the first decision; the JVM's start time is looked up only
 * afterwards, so that loading the management classes does not count.
 */
public final class ColdStartProbe {
  private ColdStartProbe() {}

  /** Loads {@code args[0]}, decides {@code args[1]} (default {@code read_file}), prints the times. */
  public static void main(String[] args) {
    long mainStarted = System.currentTimeMillis();
    if (args.length < 1) {
      System.err.println("usage: ColdStartProbe POLICY_FILE [ACTION]");
      System.exit(2);
    }
    Decision decision = firstDecision(Path.of(args[0]), args.length > 1 ? args[1] : "read_file");
    long decided = System.currentTimeMillis();
    long jvmStarted = ManagementFactory.getRuntimeMXBean().getStartTime();
    System.out.println((decided - jvmStarted) + " " + (decided - mainStarted) + " "
        + decision.outcome());
  }

  /** What is measured: build an engine from a policy file and decide one action. */
  static Decision firstDecision(Path policyFile, String action) {
    try (PolicyEngine engine = PolicyEngine.fromFile(policyFile)) {
      return engine.evaluate(action);
    }
  }
}
