package io.ape.core.compiler;

import io.ape.api.ActionIds;
import io.ape.api.CombiningAlgorithm;
import io.ape.api.Outcome;
import io.ape.api.ParameterSet;
import io.ape.api.Policy;
import io.ape.api.PolicyRule;
import io.ape.api.PolicyView;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@link PolicyView}s of policies.
 *
 * <p>{@link #of(Policy)} follows the engine's evaluation order (DESIGN.md §4): forbidden list
 * → escalation list → the action's rules in file order (an open rule without conditions always
 * matches, so later rules are unreachable; if rules exist but none matches, the action is
 * denied) → allowed list → the policy default. With {@code combining: deny_overrides} an
 * unconditional DENY rule makes the action DENY and an unconditional ESCALATE rule caps it at
 * ESCALATE, wherever they stand. A closed rule, or one with conditions, depends on the
 * parameters. An external evaluator can only narrow, so it cannot raise the best case.
 * Lookups are O(1).
 */
public final class PolicyViews {
  private static final PolicyView EVERYTHING = of(List.of(), List.of(), List.of(), Outcome.ALLOW);

  private PolicyViews() {}

  /** The view of a parsed policy. */
  public static PolicyView of(Policy policy) {
    Objects.requireNonNull(policy, "policy");
    Map<String, Outcome> outcomes = new HashMap<>();
    Set<String> conditional = new HashSet<>();
    Map<String, Outcome> fromRules = new HashMap<>();
    Set<String> closed = new HashSet<>();
    boolean denyOverrides = policy.combining() == CombiningAlgorithm.DENY_OVERRIDES;
    Map<String, Outcome> cap = new HashMap<>();
    for (PolicyRule rule : policy.rules()) {
      String id = rule.actionId();
      if (closed.contains(id)) {
        continue;
      }
      fromRules.merge(id, rule.decision(), PolicyViews::morePermissive);
      boolean always = rule.conditions().isEmpty() && !isClosed(policy, rule);
      if (always && denyOverrides) {
        if (rule.decision() != Outcome.ALLOW) {
          cap.merge(id, rule.decision(), (a, b) -> rank(a) <= rank(b) ? a : b);
        }
      } else if (always) {
        closed.add(id);
      } else {
        conditional.add(id);
      }
    }
    cap.forEach((id, limit) -> fromRules.computeIfPresent(id,
        (k, best) -> rank(best) <= rank(limit) ? best : limit));
    for (String id : policy.allowedActions()) {
      outcomes.put(id, Outcome.ALLOW);
    }
    outcomes.putAll(fromRules);
    for (String id : policy.escalationRequired()) {
      outcomes.put(id, Outcome.ESCALATE);
      conditional.remove(id);
    }
    for (String id : policy.forbiddenActions()) {
      outcomes.put(id, Outcome.DENY);
      conditional.remove(id);
    }
    return new MapView(outcomes, conditional, policy.defaultDecision(), policy.version());
  }

  /**
   * A view of plain lists (the Python original's policy shape).
   *
   * @param defaultOutcome what applies to actions on no list
   */
  public static PolicyView of(Collection<String> allowed, Collection<String> forbidden,
      Collection<String> escalationRequired, Outcome defaultOutcome) {
    Map<String, Outcome> outcomes = new HashMap<>();
    allowed.forEach(id -> outcomes.put(id, Outcome.ALLOW));
    escalationRequired.forEach(id -> outcomes.put(id, Outcome.ESCALATE));
    forbidden.forEach(id -> outcomes.put(id, Outcome.DENY));
    return new MapView(outcomes, Set.of(), Objects.requireNonNull(defaultOutcome,
        "defaultOutcome"), "");
  }

  /**
   * A view that allows every action. For prompt analysis only ({@code ape analyze}): the real
   * policy is still evaluated, with parameters, before any authority is issued.
   */
  public static PolicyView allowingEverything() {
    return EVERYTHING;
  }

  /** Whether a rule's parameter set is closed (only ALLOW and ESCALATE rules are). */
  private static boolean isClosed(Policy policy, PolicyRule rule) {
    ParameterSet.Kind kind = rule.parameters().kind();
    return rule.decision() != Outcome.DENY && (kind == ParameterSet.Kind.CLOSED
        || (kind == ParameterSet.Kind.DEFAULT
            && policy.defaultParameters() == ParameterSet.Kind.CLOSED));
  }

  private static Outcome morePermissive(Outcome a, Outcome b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(Outcome o) {
    switch (o) {
      case ALLOW: return 2;
      case ESCALATE: return 1;
      default: return 0;
    }
  }

  private record MapView(Map<String, Outcome> outcomes, Set<String> conditional,
      Outcome defaultOutcome, String policyVersion) implements PolicyView {
    MapView {
      outcomes = Map.copyOf(outcomes);
      conditional = Set.copyOf(conditional);
    }

    @Override
    public Outcome bestOutcome(String actionId) {
      if (!ActionIds.isValid(actionId)) {
        return Outcome.DENY;
      }
      return outcomes.getOrDefault(actionId, defaultOutcome);
    }

    @Override
    public boolean dependsOnParameters(String actionId) {
      return actionId != null && conditional.contains(actionId);
    }
  }
}
