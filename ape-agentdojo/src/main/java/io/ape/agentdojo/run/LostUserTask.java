package io.ape.agentdojo.run;

import java.util.List;

/**
 * A user task whose utility the baseline meets and the enforced run does not, with what refused
 * it: the benign utility the policy costs.
 *
 * @param suite the suite
 * @param userTask the user task
 * @param prompt the user's prompt
 * @param refusals the refused calls of the user task's benign run (rule and reason for each)
 * @since 0.2.0
 */
public record LostUserTask(String suite, String userTask, String prompt, List<RefusedCall> refusals) {
  public LostUserTask {
    refusals = List.copyOf(refusals);
  }

  /**
   * The user tasks {@code baseline} meets and {@code enforced} does not, in suite and task order
   * of {@code enforced}.
   *
   * @param prompts the prompt of a user task, by suite and id (for the report)
   */
  public static List<LostUserTask> between(BenchmarkReport baseline, BenchmarkReport enforced,
      java.util.function.BiFunction<String, String, String> prompts) {
    java.util.Map<String, Boolean> met = new java.util.HashMap<>();
    for (SuiteReport s : baseline.suites()) {
      for (BenignResult b : s.benign()) {
        met.put(s.suite() + "/" + b.userTask(), b.utility());
      }
    }
    List<LostUserTask> out = new java.util.ArrayList<>();
    for (SuiteReport s : enforced.suites()) {
      for (BenignResult b : s.benign()) {
        if (!b.utility() && Boolean.TRUE.equals(met.get(s.suite() + "/" + b.userTask()))) {
          out.add(new LostUserTask(s.suite(), b.userTask(), prompts.apply(s.suite(), b.userTask()), b.refusals()));
        }
      }
    }
    return out;
  }
}
