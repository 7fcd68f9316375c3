package io.ape.mcp.gateway;

import io.ape.api.Outcome;
import io.ape.api.Policy;
import io.ape.api.PolicyRule;

/**
 * Whether a policy can ever allow an action, for deciding what the gateway lists: a tool the
 * policy can never allow is not shown to the model at all (its description is text the model
 * would read for nothing).
 *
 * <p>Follows the engine's evaluation order (DESIGN §4): {@code forbidden_actions} → never;
 * {@code escalation_required} → yes (a human may approve); an action with rules → yes if any rule
 * allows or escalates (a rule's conditions may hold), never if all its rules deny (when none
 * matches, the engine denies); {@code allowed_actions} → yes; otherwise the default decision. It
 * ignores conditions and provenance, so it may say yes for a call the policy then denies; it never
 * says no for an action the policy could allow.
 */
final class PolicyReach {
  private PolicyReach() {}

  static boolean canEverAllow(Policy policy, String actionId) {
    if (policy.forbiddenActions().contains(actionId)) {
      return false;
    }
    if (policy.escalationRequired().contains(actionId)) {
      return true;
    }
    boolean hasRules = false;
    for (PolicyRule r : policy.rules()) {
      if (r.actionId().equals(actionId)) {
        hasRules = true;
        if (r.decision() != Outcome.DENY) {
          return true;
        }
      }
    }
    if (hasRules) {
      return false;
    }
    if (policy.allowedActions().contains(actionId)) {
      return true;
    }
    return policy.defaultDecision() != Outcome.DENY;
  }
}
