package io.ape.agentdojo.tasks;

import io.ape.agentdojo.data.TaskDefinition;
import io.ape.agentdojo.env.TaskEnvironment;
import java.util.List;

/**
 * A user task of one benchmark version, ready to run: its prompt, its ground truth (expressions
 * evaluated on the pre-environment) and its utility check.
 *
 * @param <E> the suite's environment
 * @since 0.2.0
 */
public interface UserTask<E extends TaskEnvironment> {
  /** The task id, e.g. {@code user_task_3}. */
  String id();

  /** The definition from the data (the combined task's own record for a combined task). */
  TaskDefinition definition();

  /** The user's prompt. */
  default String prompt() {
    return definition().text();
  }

  /** GROUND_TRUTH_OUTPUT, the final answer of a correct run. */
  String groundTruthOutput();

  /** The ground-truth calls, with {@code {"expr"}} arguments evaluated on {@code pre}. */
  List<FunctionCall> groundTruth(E pre);

  /** {@code utility(model_output, pre, post, strict)}. */
  boolean utility(String modelOutput, E pre, E post, boolean strict);

  /** {@code utility_from_traces(...)}, or {@code null} when the task has none. */
  Boolean utilityFromTraces(String modelOutput, E pre, E post, List<FunctionCall> traces);

  /**
   * The utility AgentDojo scores ({@code TaskSuite._check_user_task_utility}): {@code
   * utility_from_traces} if it gives an answer, else {@code utility(..., strict=True)}.
   */
  default boolean score(String modelOutput, E pre, E post, RunTrace trace) {
    Boolean fromTraces = utilityFromTraces(modelOutput, pre, post, trace.reached());
    return fromTraces != null ? fromTraces : utility(modelOutput, pre, post, true);
  }
}
