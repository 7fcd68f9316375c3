package io.ape.agentdojo.run;

/**
 * A user task run without attack.
 *
 * @param suite the suite
 * @param userTask the user task
 * @param utility whether the utility check passed
 * @param calls calls proposed
 * @param refused calls refused
 * @param failed calls that failed in the tool
 * @param refusedTools the tools of the refused calls, in order
 * @param error a harness error, or {@code null}
 * @param refusals every refused call, with why it was refused
 * @since 0.2.0
 */
public record BenignResult(
    String suite,
    String userTask,
    boolean utility,
    int calls,
    int refused,
    int failed,
    java.util.List<String> refusedTools,
    String error,
    java.util.List<RefusedCall> refusals) {
  public BenignResult {
    refusedTools = java.util.List.copyOf(refusedTools);
    refusals = refusals == null ? java.util.List.of() : java.util.List.copyOf(refusals);
  }
}
