package io.ape.core.testing;

import io.ape.api.ActionRequest;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import io.ape.api.PolicyDecisionPoint;
import io.ape.core.canonical.Sha256;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny policy for tests: per-action outcomes (default DENY), tool transitions, actions whose
 * parameters must be trusted, and a version that changes on {@link #reload()}.
 */
public final class FakeDecisionPoint implements PolicyDecisionPoint {
  private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> transitions = new ConcurrentHashMap<>();
  private final Set<String> requireTrusted = ConcurrentHashMap.newKeySet();
  private final AtomicInteger generation = new AtomicInteger();
  private final List<ActionRequest> requests = new CopyOnWriteArrayList<>();
  private volatile String version = Sha256.hex("policy-0");
  private volatile boolean recordRequests = true;

  public FakeDecisionPoint allow(String... actions) {
    for (String a : actions) {
      outcomes.put(a, Outcome.ALLOW);
    }
    return this;
  }

  public FakeDecisionPoint deny(String... actions) {
    for (String a : actions) {
      outcomes.put(a, Outcome.DENY);
    }
    return this;
  }

  public FakeDecisionPoint escalate(String... actions) {
    for (String a : actions) {
      outcomes.put(a, Outcome.ESCALATE);
    }
    return this;
  }

  /** {@code from} may only be followed by {@code to}. */
  public FakeDecisionPoint transitions(String from, String... to) {
    transitions.put(from, Set.of(to));
    return this;
  }

  /** The rule for {@code action} says {@code provenance: trusted}. */
  public FakeDecisionPoint requireTrusted(String action) {
    requireTrusted.add(action);
    return this;
  }

  public FakeDecisionPoint recordRequests(boolean record) {
    this.recordRequests = record;
    return this;
  }

  /** A new policy version (as after a hot reload). */
  public String reload() {
    version = Sha256.hex("policy-" + generation.incrementAndGet());
    return version;
  }

  public List<ActionRequest> requests() {
    return List.copyOf(requests);
  }

  @Override
  public Decision evaluate(ActionRequest request) {
    if (recordRequests) {
      requests.add(request);
    }
    String v = version;
    Outcome o = outcomes.getOrDefault(request.actionId(), Outcome.DENY);
    if (o != Outcome.DENY && requireTrusted.contains(request.actionId())
        && !request.context().parameterProvenance().isTrusted()) {
      return new Decision(Outcome.DENY, request.actionId(), "rule requires trusted parameters",
          "rule-" + request.actionId(), List.of(), v, DecisionSource.RULE);
    }
    return new Decision(o, request.actionId(), "fake policy: " + o.keyword(),
        outcomes.containsKey(request.actionId()) ? "rule-" + request.actionId() : null, List.of(), v,
        outcomes.containsKey(request.actionId()) ? DecisionSource.RULE : DecisionSource.DEFAULT);
  }

  @Override
  public String policyVersion() {
    return version;
  }

  @Override
  public boolean isTransitionAllowed(String fromTool, String toTool) {
    Set<String> allowed = transitions.get(fromTool);
    return allowed == null || allowed.contains(toTool);
  }
}
