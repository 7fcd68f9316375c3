package io.ape.mcp.gateway;

import io.ape.api.Outcome;
import io.ape.api.Policy;
import io.ape.api.PolicyView;
import io.ape.core.compiler.PolicyViews;

/**
 * Whether a policy can ever allow an action, for deciding what the gateway lists: a tool the
 * policy can never allow is not shown to the model at all (its description is text the model
 * would read for nothing).
 *
 * <p>It is the engine's own view of the policy ({@link PolicyViews}), the one that also decides a
 * session's default intent, so that a listed tool is always in the intent of the client's session
 * and an unlisted one never is. It follows the engine's evaluation order (forbidden list,
 * escalation list, the action's rules in file order, allowed list, default) and ignores
 * conditions and provenance, so it may say yes for a call the policy then denies; it never says
 * no for an action the policy could allow or escalate.
 */
final class PolicyReach {
  private final PolicyView view;

  private PolicyReach(PolicyView view) {
    this.view = view;
  }

  /** The reach of {@code policy} (computed once; lookups are O(1)). */
  static PolicyReach of(Policy policy) {
    return new PolicyReach(PolicyViews.of(policy));
  }

  boolean canEverAllow(String actionId) {
    return actionId != null && view.bestOutcome(actionId) != Outcome.DENY;
  }
}
