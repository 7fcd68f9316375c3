package io.ape.cli;

import io.ape.api.Policy;
import io.ape.api.PolicyRule;
import io.ape.api.RateLimitSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The differences between two policies, section by section: header fields, default decision,
 * the three action lists, rules (by id: added, removed, changed, and reordered within an
 * action, since the first matching rule decides), tool transitions, rate limits, audit and
 * metadata. "Added" means present in B and not in A.
 */
record PolicyDiff(
    Map<String, ValueChange> header,
    ValueChange defaultDecision,
    ListChange allowedActions,
    ListChange forbiddenActions,
    ListChange escalationRequired,
    RuleChanges rules,
    List<TransitionChange> toolTransitions,
    ListChange rateLimits,
    ValueChange maxCumulativeRisk,
    ListChange auditRedact,
    KeyChanges metadata) {

  /** A scalar that differs ({@code before} in A, {@code after} in B). */
  record ValueChange(Object before, Object after) {}

  /** Entries only in B ({@code added}) and only in A ({@code removed}). */
  record ListChange(List<String> added, List<String> removed) {
    boolean isEmpty() {
      return added.isEmpty() && removed.isEmpty();
    }

    static ListChange of(List<String> a, List<String> b) {
      Set<String> inA = new LinkedHashSet<>(a);
      Set<String> inB = new LinkedHashSet<>(b);
      return new ListChange(b.stream().filter(x -> !inA.contains(x)).distinct().toList(),
          a.stream().filter(x -> !inB.contains(x)).distinct().toList());
    }
  }

  /** Map keys added, removed, or with a different value. */
  record KeyChanges(List<String> added, List<String> removed, List<String> changed) {
    boolean isEmpty() {
      return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }
  }

  /** One rule present in both, with what changed. */
  record RuleChange(String id, List<String> changes) {}

  /** The rules section. */
  record RuleChanges(List<String> added, List<String> removed, List<RuleChange> changed,
      List<String> reorderedActions) {
    boolean isEmpty() {
      return added.isEmpty() && removed.isEmpty() && changed.isEmpty() && reorderedActions.isEmpty();
    }
  }

  /**
   * The successors of one tool. {@code null} means the tool has no entry (unconstrained);
   * an empty list means nothing may follow it.
   */
  record TransitionChange(String tool, List<String> before, List<String> after) {}

  /** Whether the two policies agree in every section. */
  boolean isEmpty() {
    return header.isEmpty() && defaultDecision == null && allowedActions.isEmpty()
        && forbiddenActions.isEmpty() && escalationRequired.isEmpty() && rules.isEmpty()
        && toolTransitions.isEmpty() && rateLimits.isEmpty() && maxCumulativeRisk == null
        && auditRedact.isEmpty() && metadata.isEmpty();
  }

  static PolicyDiff between(Policy a, Policy b) {
    Map<String, ValueChange> header = new LinkedHashMap<>();
    change(header, "name", a.name(), b.name());
    change(header, "version", a.declaredVersion(), b.declaredVersion());
    change(header, "description", a.description(), b.description());
    return new PolicyDiff(
        header,
        a.defaultDecision() == b.defaultDecision() ? null
            : new ValueChange(a.defaultDecision().keyword(), b.defaultDecision().keyword()),
        ListChange.of(a.allowedActions(), b.allowedActions()),
        ListChange.of(a.forbiddenActions(), b.forbiddenActions()),
        ListChange.of(a.escalationRequired(), b.escalationRequired()),
        rules(a.rules(), b.rules()),
        transitions(a.toolTransitions(), b.toolTransitions()),
        ListChange.of(limits(a.rateLimits()), limits(b.rateLimits())),
        a.rateLimits().maxCumulativeRisk() == b.rateLimits().maxCumulativeRisk() ? null
            : new ValueChange(risk(a.rateLimits()), risk(b.rateLimits())),
        ListChange.of(a.audit().redact(), b.audit().redact()),
        keys(a.metadata(), b.metadata()));
  }

  private static void change(Map<String, ValueChange> out, String key, String a, String b) {
    if (!a.equals(b)) {
      out.put(key, new ValueChange(a, b));
    }
  }

  private static RuleChanges rules(List<PolicyRule> a, List<PolicyRule> b) {
    Map<String, PolicyRule> byIdA = byId(a);
    Map<String, PolicyRule> byIdB = byId(b);
    List<String> added = byIdB.keySet().stream().filter(id -> !byIdA.containsKey(id)).toList();
    List<String> removed = byIdA.keySet().stream().filter(id -> !byIdB.containsKey(id)).toList();
    List<RuleChange> changed = new ArrayList<>();
    for (PolicyRule ra : byIdA.values()) {
      PolicyRule rb = byIdB.get(ra.id());
      if (rb != null) {
        List<String> changes = ruleChanges(ra, rb);
        if (!changes.isEmpty()) {
          changed.add(new RuleChange(ra.id(), changes));
        }
      }
    }
    Set<String> actions = new LinkedHashSet<>();
    a.forEach(r -> actions.add(r.actionId()));
    List<String> reordered = new ArrayList<>();
    for (String action : actions) {
      List<String> orderA = commonOrder(a, action, byIdB);
      List<String> orderB = commonOrder(b, action, byIdA);
      if (!orderA.equals(orderB)) {
        reordered.add(action);
      }
    }
    return new RuleChanges(added, removed, changed, reordered);
  }

  private static Map<String, PolicyRule> byId(List<PolicyRule> rules) {
    Map<String, PolicyRule> m = new LinkedHashMap<>();
    rules.forEach(r -> m.putIfAbsent(r.id(), r));
    return m;
  }

  /** The ids of {@code action}'s rules that the other policy also has, in this policy's order. */
  private static List<String> commonOrder(List<PolicyRule> rules, String action,
      Map<String, PolicyRule> other) {
    return rules.stream()
        .filter(r -> r.actionId().equals(action) && other.containsKey(r.id())
            && other.get(r.id()).actionId().equals(action))
        .map(PolicyRule::id).toList();
  }

  private static List<String> ruleChanges(PolicyRule a, PolicyRule b) {
    List<String> changes = new ArrayList<>();
    if (!a.actionId().equals(b.actionId())) {
      changes.add("action: " + a.actionId() + " -> " + b.actionId());
    }
    if (a.decision() != b.decision()) {
      changes.add("decision: " + a.decision().keyword() + " -> " + b.decision().keyword());
    }
    List<String> ca = a.conditions().stream().map(Views::describe).toList();
    List<String> cb = b.conditions().stream().map(Views::describe).toList();
    if (!ca.equals(cb)) {
      ListChange c = ListChange.of(ca, cb);
      for (String removed : c.removed()) {
        changes.add("condition removed: " + removed);
      }
      for (String added : c.added()) {
        changes.add("condition added: " + added);
      }
      if (c.isEmpty()) {
        changes.add("conditions reordered");
      }
    }
    if (a.provenance() != b.provenance()) {
      changes.add("provenance: " + a.provenance().name().toLowerCase(java.util.Locale.ROOT)
          + " -> " + b.provenance().name().toLowerCase(java.util.Locale.ROOT));
    }
    if (a.onUntrusted() != b.onUntrusted()) {
      changes.add("on_untrusted: " + a.onUntrusted().keyword() + " -> " + b.onUntrusted().keyword());
    }
    if (!a.description().equals(b.description())) {
      changes.add("description changed");
    }
    return changes;
  }

  private static List<TransitionChange> transitions(Map<String, List<String>> a,
      Map<String, List<String>> b) {
    Set<String> tools = new LinkedHashSet<>(a.keySet());
    tools.addAll(b.keySet());
    List<TransitionChange> out = new ArrayList<>();
    for (String tool : tools) {
      List<String> before = a.get(tool);
      List<String> after = b.get(tool);
      boolean same = before != null && after != null
          && new LinkedHashSet<>(before).equals(new LinkedHashSet<>(after));
      if (!same && !(before == null && after == null)) {
        out.add(new TransitionChange(tool, before, after));
      }
    }
    return out;
  }

  private static List<String> limits(RateLimitSettings s) {
    return s.limits().stream().map(Views::describe).toList();
  }

  private static Object risk(RateLimitSettings s) {
    return Double.isInfinite(s.maxCumulativeRisk()) ? null : s.maxCumulativeRisk();
  }

  private static KeyChanges keys(Map<String, Object> a, Map<String, Object> b) {
    List<String> added = b.keySet().stream().filter(k -> !a.containsKey(k)).toList();
    List<String> removed = a.keySet().stream().filter(k -> !b.containsKey(k)).toList();
    List<String> changed = a.keySet().stream()
        .filter(k -> b.containsKey(k) && !Objects.equals(a.get(k), b.get(k))).toList();
    return new KeyChanges(added, removed, changed);
  }

  /** The JSON form: every section, with {@code identical} first. */
  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("identical", isEmpty());
    Map<String, Object> h = new LinkedHashMap<>();
    header.forEach((k, v) -> h.put(k, value(v)));
    m.put("header", h);
    m.put("default_decision", defaultDecision == null ? null : value(defaultDecision));
    m.put("allowed_actions", list(allowedActions));
    m.put("forbidden_actions", list(forbiddenActions));
    m.put("escalation_required", list(escalationRequired));
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("added", rules.added());
    r.put("removed", rules.removed());
    r.put("changed", rules.changed().stream().map(c -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("id", c.id());
      x.put("changes", c.changes());
      return x;
    }).toList());
    r.put("reordered_actions", rules.reorderedActions());
    m.put("rules", r);
    m.put("tool_transitions", toolTransitions.stream().map(t -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("tool", t.tool());
      x.put("before", t.before());
      x.put("after", t.after());
      return x;
    }).toList());
    Map<String, Object> rl = new LinkedHashMap<>(list(rateLimits));
    rl.put("max_cumulative_risk", maxCumulativeRisk == null ? null : value(maxCumulativeRisk));
    m.put("rate_limits", rl);
    m.put("audit", Map.of("redact", list(auditRedact)));
    Map<String, Object> md = new LinkedHashMap<>();
    md.put("added", metadata.added());
    md.put("removed", metadata.removed());
    md.put("changed", metadata.changed());
    m.put("metadata", md);
    return m;
  }

  private static Map<String, Object> value(ValueChange v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("before", v.before());
    m.put("after", v.after());
    return m;
  }

  private static Map<String, Object> list(ListChange c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("added", c.added());
    m.put("removed", c.removed());
    return m;
  }
}
