package io.ape.core.planning;

import io.ape.api.ActionRequest;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import io.ape.api.PolicyDecisionPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small policy decision point for tests: allowed and escalation lists, a path prefix rule
 * for write_file, tool transitions, default deny. Records every request it sees.
 */
final class TestPolicyDecisionPoint implements PolicyDecisionPoint {
  private final Set<String> allowed;
  private final Set<String> escalation;
  private final Map<String, List<String>> transitions;
  final List<ActionRequest> requests = new ArrayList<>();

  TestPolicyDecisionPoint(Set<String> allowed, Set<String> escalation) {
    this(allowed, escalation, Map.of());
  }

  TestPolicyDecisionPoint(Set<String> allowed, Set<String> escalation,
      Map<String, List<String>> transitions) {
    this.allowed = allowed;
    this.escalation = escalation;
    this.transitions = transitions;
  }

  @Override
  public synchronized Decision evaluate(ActionRequest request) {
    requests.add(request);
    String id = request.actionId();
    if (escalation.contains(id)) {
      return decision(Outcome.ESCALATE, id, "escalation required", DecisionSource.ESCALATION_LIST);
    }
    if (id.equals("write_file")) {
      Object path = request.parameters().get("path");
      return path instanceof String s && s.startsWith("/tmp/") && !s.contains("..")
          ? decision(Outcome.ALLOW, id, "rule write_tmp", DecisionSource.RULE)
          : decision(Outcome.DENY, id, "path must be under /tmp/", DecisionSource.NO_RULE_MATCHED);
    }
    if (allowed.contains(id)) {
      return decision(Outcome.ALLOW, id, "allowed", DecisionSource.ALLOWED_LIST);
    }
    return decision(Outcome.DENY, id, "default deny", DecisionSource.DEFAULT);
  }

  private static Decision decision(Outcome o, String id, String reason, DecisionSource source) {
    return new Decision(o, id, reason, null, List.of(), "v1", source);
  }

  @Override
  public String policyVersion() {
    return "v1";
  }

  @Override
  public boolean isTransitionAllowed(String fromTool, String toTool) {
    List<String> next = transitions.get(fromTool);
    return next == null || next.contains(toTool);
  }
}
