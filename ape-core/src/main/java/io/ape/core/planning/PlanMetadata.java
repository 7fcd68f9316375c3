package io.ape.core.planning;

import io.ape.api.Plan;
import java.util.ArrayList;
import java.util.List;

/**
 * The metadata keys the plan generator writes into {@link Plan#metadata()}.
 *
 * <ul>
 *   <li>{@value #SOURCE}: {@code generator} (built from a compiled intent) or
 *       {@code llm_proposal} (a model's plan that passed validation);</li>
 *   <li>{@value #FORMAT}: for model plans, where the steps were found ({@code json},
 *       {@code json_block}, {@code markdown_list});</li>
 *   <li>{@value #ESCALATION_STEPS}: the indices of the steps that need an approved escalation
 *       before authority may be issued (absent when none).</li>
 * </ul>
 * The marks are a statement of the plan, not a permission: the lifecycle escalates a step
 * whenever the intent or the policy requires it, marked or not.
 */
public final class PlanMetadata {
  /** Where the plan came from. */
  public static final String SOURCE = "source";
  /** Where a model plan's steps were found. */
  public static final String FORMAT = "format";
  /** Indices of the steps that need an approved escalation. */
  public static final String ESCALATION_STEPS = "escalation_steps";
  /** {@link #SOURCE} of a generated plan. */
  public static final String GENERATOR = "generator";
  /** {@link #SOURCE} of a validated model plan. */
  public static final String LLM_PROPOSAL = "llm_proposal";

  private PlanMetadata() {}

  /** The indices of the steps marked as needing escalation (possibly empty). */
  public static List<Integer> escalationSteps(Plan plan) {
    Object v = plan.metadata().get(ESCALATION_STEPS);
    List<Integer> out = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Number n) {
          out.add(n.intValue());
        }
      }
    }
    return List.copyOf(out);
  }
}
