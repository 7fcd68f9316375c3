package io.ape.core.policy;

import io.ape.api.ActionIds;
import io.ape.api.CombiningAlgorithm;
import io.ape.api.ConditionSpec;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import io.ape.api.ParameterSet;
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
import java.util.Comparator;
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
      CompiledConditions conditions = compileConditions(rule, path, problems);
      if (conditions == null) {
        continue;
      }
      Set<String> admitted = admitted(policy, rule, path, conditions, problems);
      ActionEntry.Listing listed = listing.get(rule.actionId());
      if (listed == ActionEntry.Listing.FORBIDDEN || listed == ActionEntry.Listing.ESCALATION) {
        warnings.add(new PolicyProblem(rule.location(), path, "rule '" + rule.id()
            + "' is never reached: '" + rule.actionId() + "' is in "
            + (listed == ActionEntry.Listing.FORBIDDEN ? "forbidden_actions" : "escalation_required")
            + ", which is checked first"));
      }
      rulesByAction.computeIfAbsent(rule.actionId(), k -> new ArrayList<>())
          .add(compileRule(rule, i, conditions, admitted, version));
    }
    if (policy.combining() == CombiningAlgorithm.DENY_OVERRIDES) {
      for (List<CompiledRule> forAction : rulesByAction.values()) {
        forAction.sort(Comparator.comparingInt(r -> overrideRank(r.outcome)));
      }
    }
    for (List<CompiledRule> forAction : rulesByAction.values()) {
      warnings.addAll(RuleShadowing.find(forAction, policy.combining()));
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

  /** A rule's compiled conditions and what its conditions say about provenance. */
  private record CompiledConditions(BoundCondition[] conditions, Set<String> parameters,
      List<String> trusted, Set<String> anyProvenance) {}

  private CompiledConditions compileConditions(PolicyRule rule, String path,
      List<PolicyProblem> problems) {
    List<ConditionSpec> specs = rule.conditions();
    List<BoundCondition> out = new ArrayList<>(specs.size());
    Set<String> parameters = new LinkedHashSet<>();
    List<String> trusted = new ArrayList<>();
    Set<String> anyProvenance = new LinkedHashSet<>();
    Map<String, Set<BoundCondition.Kind>> kinds = new HashMap<>();
    boolean ok = true;
    for (ConditionSpec spec : specs) {
      String condPath = path + ".conditions." + spec.parameter() + "." + spec.operator();
      if (spec.parameter().isEmpty()) {
        problems.add(new PolicyProblem(spec.location(), condPath, "empty parameter name"));
        ok = false;
        continue;
      }
      parameters.add(spec.parameter());
      String problem = null;
      switch (spec.operator()) {
        case "present":
        case "absent": {
          boolean present = spec.operator().equals("present");
          if (!Boolean.TRUE.equals(spec.argument())) {
            problem = spec.operator() + " takes only 'true' (write '"
                + (present ? "absent" : "present") + ": true' for the opposite), got "
                + printable(spec.argument());
          } else {
            out.add(BoundCondition.presence(spec.parameter(), present, spec.location()));
            kinds.computeIfAbsent(spec.parameter(), k -> new HashSet<>())
                .add(present ? BoundCondition.Kind.PRESENT : BoundCondition.Kind.ABSENT);
          }
          break;
        }
        case "provenance":
          problem = parameterProvenance(rule, spec, trusted, anyProvenance);
          break;
        default: {
          BoundCondition bound = compileValueCondition(spec, condPath, problems);
          if (bound == null) {
            ok = false;
          } else {
            out.add(bound);
            kinds.computeIfAbsent(spec.parameter(), k -> new HashSet<>())
                .add(BoundCondition.Kind.VALUE);
          }
          break;
        }
      }
      if (problem != null) {
        problems.add(new PolicyProblem(spec.location(), condPath, problem));
        ok = false;
      }
    }
    for (Map.Entry<String, Set<BoundCondition.Kind>> e : kinds.entrySet()) {
      if (e.getValue().contains(BoundCondition.Kind.ABSENT) && e.getValue().size() > 1) {
        problems.add(new PolicyProblem(rule.location(), path + ".conditions." + e.getKey(),
            "parameter '" + ActionIds.printable(e.getKey()) + "' must be absent, but the rule"
                + " also has " + (e.getValue().contains(BoundCondition.Kind.PRESENT)
                    ? "'present: true'" : "conditions on its value")
                + " for it; the rule could never match"));
        ok = false;
      }
    }
    return ok ? new CompiledConditions(out.toArray(new BoundCondition[0]),
        Collections.unmodifiableSet(parameters), List.copyOf(trusted),
        Collections.unmodifiableSet(anyProvenance)) : null;
  }

  /** Validates a parameter's {@code provenance: trusted|any}; returns a problem or null. */
  private static String parameterProvenance(PolicyRule rule, ConditionSpec spec,
      List<String> trusted, Set<String> anyProvenance) {
    Object arg = spec.argument();
    if (!"trusted".equals(arg) && !"any".equals(arg)) {
      return "provenance must be 'trusted' or 'any', got " + printable(arg);
    }
    if (rule.decision() != Outcome.ALLOW) {
      return "provenance on a parameter applies to allow rules only (a " + rule.decision().keyword()
          + " rule does not allow anything)";
    }
    if ("any".equals(arg)) {
      if (rule.provenance() == ProvenanceRequirement.TRUSTED) {
        return "provenance: any for parameter '" + spec.parameter() + "' contradicts the rule's"
            + " provenance: trusted; drop one of them";
      }
      anyProvenance.add(spec.parameter());
    } else {
      trusted.add(spec.parameter());
    }
    return null;
  }

  private BoundCondition compileValueCondition(ConditionSpec spec, String condPath,
      List<PolicyProblem> problems) {
    ConditionOperator op = operators.find(spec.operator()).orElse(null);
    if (op == null) {
      problems.add(new PolicyProblem(spec.location(), condPath, "unknown operator '"
          + ActionIds.printable(spec.operator()) + "' for parameter '"
          + ActionIds.printable(spec.parameter()) + "'; known operators: " + knownNames()));
      return null;
    }
    boolean readsFileSystem = resolvesSymlinks(spec.argument());
    try {
      ContextTemplate template = ContextTemplate.of(spec, op);
      if (template != null) {
        return BoundCondition.templated(spec.parameter(), spec.operator(), spec.location(),
            template, spec.argument(), readsFileSystem);
      }
      CompiledCondition compiled = op.compile(spec);
      if (compiled == null) {
        problems.add(new PolicyProblem(spec.location(), condPath, "operator '" + spec.operator()
            + "' (" + op.getClass().getName() + ") compiled to null"));
        return null;
      }
      return BoundCondition.value(spec.parameter(), spec.operator(), spec.location(), compiled,
          spec.argument(), readsFileSystem);
    } catch (PolicyValidationException e) {
      for (PolicyProblem p : e.problems()) {
        problems.add(new PolicyProblem(p.location(), condPath, p.message()));
      }
    } catch (PolicyException e) {
      problems.add(new PolicyProblem(spec.location(), condPath, e.getMessage()));
    } catch (RuntimeException e) {
      problems.add(new PolicyProblem(spec.location(), condPath, "operator '" + spec.operator()
          + "' (" + op.getClass().getName() + ") failed to compile its argument: " + e));
    }
    return null;
  }

  private Set<String> knownNames() {
    Set<String> known = new LinkedHashSet<>(ConditionOperators.builtInNames());
    known.addAll(operators.names());
    return known;
  }

  /** Whether an argument asks for symbolic-link resolution (the condition reads the disk). */
  private static boolean resolvesSymlinks(Object argument) {
    if (argument instanceof Map<?, ?> map) {
      if (Boolean.TRUE.equals(map.get("resolve_symlinks"))) {
        return true;
      }
      for (Object v : map.values()) {
        if (resolvesSymlinks(v)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The parameters a closed rule admits (those its conditions name and those it lists), or
   * {@code null} for an open rule. Only ALLOW and ESCALATE rules are closed: closing narrows
   * a rule, and a narrower DENY rule is one an extra parameter would get past.
   */
  private static Set<String> admitted(Policy policy, PolicyRule rule, String path,
      CompiledConditions conditions, List<PolicyProblem> problems) {
    ParameterSet set = rule.parameters();
    if (rule.decision() == Outcome.DENY) {
      if (set.kind() == ParameterSet.Kind.CLOSED) {
        problems.add(new PolicyProblem(rule.location(), path + ".parameters", "a deny rule cannot"
            + " have closed parameters: an extra parameter would make it not apply; close the"
            + " allow rules instead"));
      }
      return null;
    }
    boolean closed = set.kind() == ParameterSet.Kind.CLOSED
        || (set.kind() == ParameterSet.Kind.DEFAULT
            && policy.defaultParameters() == ParameterSet.Kind.CLOSED);
    if (!closed) {
      return null;
    }
    Set<String> admitted = new HashSet<>(conditions.parameters());
    for (String name : set.names()) {
      if (name.isEmpty()) {
        problems.add(new PolicyProblem(rule.location(), path + ".parameters",
            "an empty parameter name"));
      }
      admitted.add(name);
    }
    return Set.copyOf(admitted);
  }

  private static String printable(Object o) {
    return o instanceof String s ? "'" + ActionIds.printable(s) + "'" : String.valueOf(o);
  }

  private static int overrideRank(Outcome o) {
    switch (o) {
      case DENY: return 0;
      case ESCALATE: return 1;
      default: return 2;
    }
  }

  private CompiledRule compileRule(PolicyRule rule, int index, CompiledConditions conditions,
      Set<String> admitted, String version) {
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
    TrustRequirement trust = null;
    String untrustedReason = null;
    if (rule.decision() == Outcome.ALLOW) {
      boolean all = false;
      String why = "";
      if (rule.provenance() == ProvenanceRequirement.TRUSTED) {
        all = true;
        why = "it says provenance: trusted";
      } else if (rule.provenance() == ProvenanceRequirement.DEFAULT) {
        RiskLevel risk = risk(id, rule.location());
        if (risk != null && risk.requiresTrustedParameters()) {
          all = true;
          why = "'" + id + "' is a " + risk + "-risk action (override with provenance: any)";
        }
      }
      List<String> named = conditions.trusted();
      if (all || !named.isEmpty()) {
        trust = new TrustRequirement(all, conditions.anyProvenance(),
            named.toArray(new String[0]), why);
        String because = all ? why + (conditions.anyProvenance().isEmpty() ? ""
            : "; except " + conditions.anyProvenance() + ", which say provenance: any")
            : "its conditions say provenance: trusted for " + named;
        untrustedReason = where + " allows '" + id + "' only with trusted parameters ("
            + because + ")";
      }
    }
    return new CompiledRule(rule, index, conditions.conditions(), admitted, trust, matched,
        untrustedReason);
  }

  private ActionEntry entry(String id, ActionEntry.Listing listing, CompiledRule[] rules,
      String label, String version, SourceLocation file) {
    Decision listDecision = null;
    TrustRequirement allowedTrust = null;
    String allowedUntrusted = null;
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
          allowedTrust = TrustRequirement.ALL;
          allowedUntrusted = "'" + id + "' is in allowed_actions of policy '" + label
              + "', but it is a " + risk + "-risk action (HIGH and CRITICAL actions need trusted"
              + " parameters)";
        }
        break;
      default:
        break;
    }
    return new ActionEntry(id, listing, rules, listDecision, allowedTrust, allowedUntrusted,
        "no rule for '" + id + "' matched, so it is denied (when an action has rules, one of"
            + " them must match)", version);
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
