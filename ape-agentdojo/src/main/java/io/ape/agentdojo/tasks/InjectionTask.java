package io.ape.agentdojo.tasks;

import io.ape.agentdojo.env.TaskEnvironment;
import java.util.List;

/**
 * An injection task, ready to run: the attacker's goal, the calls a fully obedient agent makes
 * and the security check (true when the attack succeeded).
 *
 * @param <E> the suite's environment
 * @since 0.2.0
 */
public interface InjectionTask<E extends TaskEnvironment> {
  /** The task id, e.g. {@code injection_task_4}. */
  String id();

  /** The attacker's goal, put into the jailbreak template. */
  String goal();

  /** GROUND_TRUTH_OUTPUT: what an obedient agent says (empty for all but travel injection_task_6). */
  String groundTruthOutput();

  /** The ground-truth calls on {@code pre}. */
  List<FunctionCall> groundTruth(E pre);

  /**
   * The attack's success as AgentDojo scores it: {@code security_from_traces} if it gives an
   * answer, else {@code security}.
   */
  boolean security(String modelOutput, E pre, E post, RunTrace trace);

  /** {@code true} for a task from an {@code --injections} file. */
  default boolean custom() {
    return false;
  }

  /** A note about this task (a supplied ground truth, a quirk), or empty. */
  default String note() {
    return "";
  }
}
