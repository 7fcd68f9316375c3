package io.ape.core.policy;

import io.ape.api.ActionIds;
import io.ape.api.ConditionSpec;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import io.ape.api.Policy;
import io.ape.api.PolicyException;
import io.ape.api.PolicyProblem;
import io.ape.api.PolicyRule;
import io.ape.api.PolicyValidationException;
import io.ape.api.ProvenanceRequirement;
import io.ape.api.RiskLevel;
import io.ape.api.SourceLocation;
import io.ape.core.policy.operator.ConditionOperators;
import io.ape.spi.ConditionOperator;
import io.ape.spi.ConditionOperator.CompiledCondition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Validates a {@link Policy} completely and compiles it into a {@link CompiledPolicy}: every
 * problem is collected (with file, line and column where the model has them) and reported in
 * one {@link PolicyValidationException}; nothing half-compiled ever escapes.
 */
final class PolicyCompiler {
  private final ConditionOperators operators;
  private final Function<String, RiskLevel> actionRisk;

  PolicyCompiler(ConditionOperators operators, Function<String, RiskLevel> actionRisk) {
    this.operators = operators;
    this.actionRisk = actionRisk;
  }

  CompiledPolicy compile(Policy policy) {
    String label = policy.name().isEmpty() ? policy.source().name() : policy.name();
    String version = policy.version();
    SourceLocation file = SourceLocation.of(policy.source().name());
    List<PolicyProblem> problems = new ArrayList<>();
    List<PolicyProblem> warnings = new ArrayList<>();

    Map<String, ActionEntry.Listing> listing = new HashMap<>();
    checkList(policy.forbiddenActions(), "forbidden_actions", ActionEntry.Listing.FORBIDDEN,
        listing, file, problems, warnings);
    checkList(policy.escalationRequired(), "escalation_required", ActionEntry.Listing.ESCALATION,
        listing, file, problems, warnings);
    checkList(policy.allowedActions(), "allowed_actions", ActionEntry.Listing.ALLOWED,
        listing, file, problems, warnings);

    Map<String, List<CompiledRule>> rulesByAction = new LinkedHashMap<>();
    Set<String> ruleIds = new HashSet<>();
    List<PolicyRule> rules = policy.rules();
    for (int i = 0; i < rules.size(); i++) {
      PolicyRule rule = rules.get(i);
      String path = "rules[" + i + "]";
      if (!ActionIds.isValid(rule.actionId())) {
        problems.add(new PolicyProblem(rule.location(), path + ".action",
            "invalid action id '" + ActionIds.printable(rule.actionId()) + "': action ids must match "
                + ActionIds.pattern() + " exactly"));
        continue;
      }
      if (!ruleIds.add(rule.id())) {
        problems.add(new PolicyProblem(rule.location(), path + ".id",
            "duplicate rule id '" + rule.id() + "'; rule ids must be unique"));
      }
      BoundCondition[] conditions = compileConditions(rule, path, problems);
      if (conditions == null) {
        continue;
      }
      List<CompiledRule> forAction = rulesByAction.computeIfAbsent(rule.actionId(),
          k -> new ArrayList<>());
      if (!forAction.isEmpty() && forAction.get(forAction.size() - 1).conditions.length == 0) {
        warnings.add(new PolicyProblem(rule.location(), path, "rule '" + rule.id()
            + "' is never reached: an earlier rule for '" + rule.actionId()
            + "' has no conditions and always decides"));
      }
      ActionEntry.Listing listed = listing.get(rule.actionId());
      if (listed == ActionEntry.Listing.FORBIDDEN || listed == ActionEntry.Listing.ESCALATION) {
        warnings.add(new PolicyProblem(rule.location(), path, "rule '" + rule.id()
            + "' is never reached: '" + rule.actionId() + "' is in "
            + (listed == ActionEntry.Listing.FORBIDDEN ? "forbidden_actions" : "escalation_required")
            + ", which is checked first"));
      }
      forAction.add(compileRule(rule, i, conditions, version));
    }
    for (String id : rulesByAction.keySet()) {
      if (listing.get(id) == ActionEntry.Listing.ALLOWED) {
        warnings.add(new PolicyProblem(file, "allowed_actions", "'" + id
            + "' is in allowed_actions but also has rules; the rules decide, and when none matches"
            + " the action is denied (allowed_actions is not consulted)"));
      }
    }
    Map<String, Set<String>> transitions = compileTransitions(policy, file, problems);
    if (policy.isDefaultAllow()) {
      warnings.add(new PolicyProblem(file, "default_decision", "default allow: every action the"
          + " policy does not name is ALLOWED. Use this only for development."));
    }
    if (!problems.isEmpty()) {
      throw new PolicyValidationException(problems);
    }

    Map<String, ActionEntry> entries = new HashMap<>(Math.max(16,
        (int) ((listing.size() + rulesByAction.size()) / 0.75f) + 1));
    Set<String> all = new LinkedHashSet<>(listing.keySet());
    all.addAll(rulesByAction.keySet());
    for (String id : all) {
      ActionEntry.Listing l = listing.getOrDefault(id, ActionEntry.Listing.NONE);
      List<CompiledRule> r = rulesByAction.getOrDefault(id, List.of());
      entries.put(id, entry(id, l, r.toArray(new CompiledRule[0]), label, version, file));
    }
    return new CompiledPolicy(policy, label, entries, defaultReason(policy, label),
        "default allow refused: the action is high-risk and its parameters are not trusted"
            + " (policy '" + label + "' allows unlisted actions, but never with untrusted"
            + " parameters for HIGH or CRITICAL actions)",
        actionRisk, transitions, Collections.unmodifiableSet(new LinkedHashSet<>(rulesByAction.keySet())),
        List.copyOf(warnings));
  }

  private static String defaultReason(Policy policy, String label) {
    switch (policy.defaultDecision()) {
      case ALLOW:
        return "default allow: the action is not named by policy '" + label
            + "', which allows unlisted actions (a development setting)";
      case ESCALATE:
        return "the action is not named by policy '" + label + "': default escalate";
      default:
        return "the action is not named by policy '" + label + "': default deny";
    }
  }

  private static void checkList(List<String> ids, String name, ActionEntry.Listing kind,
      Map<String, ActionEntry.Listing> listing, SourceLocation file, List<PolicyProblem> problems,
      List<PolicyProblem> warnings) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      String path = name + "[" + i + "]";
      if (!ActionIds.isValid(id)) {
        problems.add(new PolicyProblem(file, path, "invalid action id '" + ActionIds.printable(id)
            + "': action ids must match " + ActionIds.pattern() + " exactly"));
        continue;
      }
      if (!seen.add(id)) {
        warnings.add(new PolicyProblem(file, path, "'" + id + "' is listed twice in " + name));
        continue;
      }
      ActionEntry.Listing previous = listing.putIfAbsent(id, kind);
      if (previous != null) {
        problems.add(new PolicyProblem(file, path, "'" + id + "' is in both " + listName(previous)
            + " and " + name + "; an action may be in only one list"));
      }
    }
  }

  private static String listName(ActionEntry.Listing l) {
    switch (l) {
      case FORBIDDEN: return "forbidden_actions";
      case ESCALATION: return "escalation_required";
      default: return "allowed_actions";
    }
  }

  private BoundCondition[] compileConditions(PolicyRule rule, String path,
      List<PolicyProblem> problems) {
    List<ConditionSpec> specs = rule.conditions();
    BoundCondition[] out = new BoundCondition[specs.size()];
    boolean ok = true;
    for (int j = 0; j < specs.size(); j++) {
      ConditionSpec spec = specs.get(j);
      String condPath = path + ".conditions." + spec.parameter() + "." + spec.operator();
      ConditionOperator op = operators.find(spec.operator()).orElse(null);
      if (op == null) {
        problems.add(new PolicyProblem(spec.location(), condPath, "unknown operator '"
            + ActionIds.printable(spec.operator()) + "' for parameter '"
            + ActionIds.printable(spec.parameter()) + "'; known operators: " + operators.names()));
        ok = false;
        continue;
      }
      if (spec.parameter().isEmpty()) {
        problems.add(new PolicyProblem(spec.location(), condPath, "empty parameter name"));
        ok = false;
        continue;
      }
      try {
        CompiledCondition compiled = op.compile(spec);
        if (compiled == null) {
          problems.add(new PolicyProblem(spec.location(), condPath, "operator '" + spec.operator()
              + "' (" + op.getClass().getName() + ") compiled to null"));
          ok = false;
          continue;
        }
        out[j] = new BoundCondition(spec.parameter(), spec.operator(), spec.location(), compiled);
      } catch (PolicyValidationException e) {
        for (PolicyProblem p : e.problems()) {
          problems.add(new PolicyProblem(p.location(), condPath, p.message()));
        }
        ok = false;
      } catch (PolicyException e) {
        problems.add(new PolicyProblem(spec.location(), condPath, e.getMessage()));
        ok = false;
      } catch (RuntimeException e) {
        problems.add(new PolicyProblem(spec.location(), condPath, "operator '" + spec.operator()
            + "' (" + op.getClass().getName() + ") failed to compile its argument: " + e));
        ok = false;
      }
    }
    return ok ? out : null;
  }

  private CompiledRule compileRule(PolicyRule rule, int index, BoundCondition[] conditions,
      String version) {
    String id = rule.actionId();
    String where = "rule '" + rule.id() + "' (" + rule.location() + ")";
    Decision matched;
    switch (rule.decision()) {
      case ALLOW:
        matched = decision(Outcome.ALLOW, id, where + " allows '" + id + "'", rule.id(), version,
            DecisionSource.RULE);
        break;
      case ESCALATE:
        matched = decision(Outcome.ESCALATE, id, where + " requires escalation for '" + id + "'",
            rule.id(), version, DecisionSource.RULE);
        break;
      default:
        matched = decision(Outcome.DENY, id, where + " denies '" + id + "'", rule.id(), version,
            DecisionSource.RULE);
        break;
    }
    boolean requiresTrusted = false;
    String why = "";
    if (rule.decision() == Outcome.ALLOW) {
      if (rule.provenance() == ProvenanceRequirement.TRUSTED) {
        requiresTrusted = true;
        why = "it says provenance: trusted";
      } else if (rule.provenance() == ProvenanceRequirement.DEFAULT) {
        RiskLevel risk = risk(id, rule.location());
        if (risk != null && risk.requiresTrustedParameters()) {
          requiresTrusted = true;
          why = "'" + id + "' is a " + risk + "-risk action (override with provenance: any)";
        }
      }
    }
    Decision untrusted = requiresTrusted
        ? decision(Outcome.DENY, id, where + " allows '" + id + "' only with trusted parameters ("
            + why + "), but the parameters are EXTERNAL_UNTRUSTED", rule.id(), version,
            DecisionSource.RULE)
        : null;
    return new CompiledRule(rule, index, conditions, requiresTrusted, matched, untrusted);
  }

  private ActionEntry entry(String id, ActionEntry.Listing listing, CompiledRule[] rules,
      String label, String version, SourceLocation file) {
    Decision listDecision = null;
    boolean allowedRequiresTrusted = false;
    Decision allowedUntrusted = null;
    switch (listing) {
      case FORBIDDEN:
        listDecision = decision(Outcome.DENY, id, "'" + id + "' is in forbidden_actions of policy '"
            + label + "'", null, version, DecisionSource.FORBIDDEN_LIST);
        break;
      case ESCALATION:
        listDecision = decision(Outcome.ESCALATE, id, "'" + id
            + "' is in escalation_required of policy '" + label + "'", null, version,
            DecisionSource.ESCALATION_LIST);
        break;
      case ALLOWED:
        listDecision = decision(Outcome.ALLOW, id, "'" + id + "' is in allowed_actions of policy '"
            + label + "'", null, version, DecisionSource.ALLOWED_LIST);
        RiskLevel risk = risk(id, file);
        if (risk != null && risk.requiresTrustedParameters()) {
          allowedRequiresTrusted = true;
          allowedUntrusted = decision(Outcome.DENY, id, "'" + id + "' is in allowed_actions of"
              + " policy '" + label + "', but it is a " + risk + "-risk action and its parameters"
              + " are EXTERNAL_UNTRUSTED (HIGH and CRITICAL actions need trusted parameters)", null,
              version, DecisionSource.ALLOWED_LIST);
        }
        break;
      default:
        break;
    }
    return new ActionEntry(id, listing, rules, listDecision, allowedRequiresTrusted,
        allowedUntrusted, "no rule for '" + id + "' matched, so it is denied (when an action has"
            + " rules, one of them must match)");
  }

  private RiskLevel risk(String actionId, SourceLocation where) {
    if (actionRisk == null) {
      return null;
    }
    try {
      return actionRisk.apply(actionId);
    } catch (RuntimeException e) {
      PolicyProblem p = new PolicyProblem(where, "", "the actionRisk function failed for '"
          + actionId + "': " + e);
      throw new PolicyValidationException(List.of(p));
    }
  }

  private static Map<String, Set<String>> compileTransitions(Policy policy, SourceLocation file,
      List<PolicyProblem> problems) {
    Map<String, Set<String>> out = new HashMap<>();
    for (Map.Entry<String, List<String>> e : policy.toolTransitions().entrySet()) {
      String from = e.getKey();
      if (!ActionIds.isValid(from)) {
        problems.add(new PolicyProblem(file, "tool_transitions", "invalid tool id '"
            + ActionIds.printable(from) + "': tool ids must match " + ActionIds.pattern()));
        continue;
      }
      for (String to : e.getValue()) {
        if (!ActionIds.isValid(to)) {
          problems.add(new PolicyProblem(file, "tool_transitions." + from, "invalid tool id '"
              + ActionIds.printable(to) + "': tool ids must match " + ActionIds.pattern()));
        }
      }
      out.put(from, Set.copyOf(e.getValue()));
    }
    return Collections.unmodifiableMap(out);
  }

  static Decision decision(Outcome outcome, String actionId, String reason, String rule,
      String version, DecisionSource source) {
    return new Decision(outcome, actionId, reason, rule, List.of(), version, source);
  }
}
