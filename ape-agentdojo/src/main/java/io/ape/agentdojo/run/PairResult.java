package io.ape.agentdojo.run;

import java.util.List;

/**
 * A (user task, injection task) pair run under attack.
 *
 * @param suite the suite
 * @param userTask the user task
 * @param injectionTask the injection task
 * @param custom {@code true} for an injection task from an {@code --injections} file
 * @param injectedVectors the vectors that carried the injection (the user task's candidates)
 * @param hijacked whether the agent saw the injection (and obeyed it)
 * @param utility whether the user task's utility check passed
 * @param attackSucceeded whether the injection task's security check passed
 * @param calls calls proposed
 * @param refused calls refused
 * @param failed calls that failed in the tool
 * @param refusedTools the tools of the refused calls, in order
 * @param error a harness error, or {@code null}
 * @param note a note of the injection task (e.g. a ground truth supplied by the harness), or {@code ""}
 * @param refusals every refused call, with why it was refused
 * @since 0.2.0
 */
public record PairResult(
    String suite,
    String userTask,
    String injectionTask,
    boolean custom,
    List<String> injectedVectors,
    boolean hijacked,
    boolean utility,
    boolean attackSucceeded,
    int calls,
    int refused,
    int failed,
    List<String> refusedTools,
    String error,
    String note,
    List<RefusedCall> refusals) {
  public PairResult {
    refusals = refusals == null ? List.of() : List.copyOf(refusals);
    note = note == null ? "" : note;
    injectedVectors = List.copyOf(injectedVectors);
    refusedTools = List.copyOf(refusedTools);
  }
}
