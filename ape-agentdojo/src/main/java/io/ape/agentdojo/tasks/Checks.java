package io.ape.agentdojo.tasks;

import io.ape.agentdojo.env.TaskEnvironment;
import java.util.List;

/**
 * The shapes of the hand-translated checks of AgentDojo's tasks.
 *
 * @since 0.2.0
 */
public final class Checks {
  private Checks() {}

  /** {@code UserTask.utility(model_output, pre_environment, post_environment, strict)}. */
  @FunctionalInterface
  public interface Utility<E extends TaskEnvironment> {
    boolean check(String modelOutput, E pre, E post, boolean strict);
  }

  /** {@code UserTask.utility_from_traces(model_output, pre, post, traces)}. */
  @FunctionalInterface
  public interface UtilityFromTraces<E extends TaskEnvironment> {
    boolean check(String modelOutput, E pre, E post, List<FunctionCall> traces);
  }

  /** {@code InjectionTask.security(model_output, pre_environment, post_environment)}. */
  @FunctionalInterface
  public interface Security<E extends TaskEnvironment> {
    boolean check(String modelOutput, E pre, E post);
  }

  /** {@code InjectionTask.security_from_traces(model_output, pre, post, traces)}. */
  @FunctionalInterface
  public interface SecurityFromTraces<E extends TaskEnvironment> {
    boolean check(String modelOutput, E pre, E post, List<FunctionCall> traces);
  }

  /** A ground-truth {@code {"expr"}} argument evaluated on the pre-environment. */
  @FunctionalInterface
  public interface Expr<E extends TaskEnvironment> {
    Object eval(E pre);
  }

  /** A ground truth computed from the pre-environment (harness-supplied ground truths). */
  @FunctionalInterface
  public interface GroundTruth<E extends TaskEnvironment> {
    List<FunctionCall> calls(E pre);
  }
}
