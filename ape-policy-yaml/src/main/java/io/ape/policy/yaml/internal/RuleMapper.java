package io.ape.policy.yaml.internal;

import io.ape.api.ConditionSpec;
import io.ape.api.Outcome;
import io.ape.api.ParameterSet;
import io.ape.api.PolicyLimitException;
import io.ape.api.PolicyLimits;
import io.ape.api.PolicyRule;
import io.ape.api.ProvenanceRequirement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps the {@code rules} section. Operator names are not checked here (the engine knows the
 * operators); only the structure is: every argument is a value, a list of values or a mapping
 * of values and lists of values.
 */
final class RuleMapper {
  static final List<String> RULE_KEYS =
      List.of("action", "decision", "id", "description", "provenance", "on_untrusted", "parameters",
          "conditions");
  /** The operators whose argument is a mapping of operators for list elements. */
  static final List<String> QUANTIFIERS = List.of("each", "any");
  /** How deep {@code each} and {@code any} may nest (lists of lists of lists). */
  static final int MAX_QUANTIFIER_DEPTH = 4;
  private static final List<String> DECISIONS = List.of("allow", "deny", "escalate");
  private static final List<String> PROVENANCES = List.of("trusted", "untainted", "any");

  private final NodeChecks checks;
  private final PlainValues values;
  private final PolicyLimits limits;

  RuleMapper(NodeChecks checks, PlainValues values, PolicyLimits limits) {
    this.checks = checks;
    this.values = values;
    this.limits = limits;
  }

  /** The rules, in file order; problems are recorded for the invalid ones. */
  List<PolicyRule> map(MapNode.Entry section) {
    if (section == null) {
      return List.of();
    }
    ListNode list = checks.list(section.value(), "rules");
    if (list == null) {
      return List.of();
    }
    if (list.items().size() > limits.maxRules()) {
      throw new PolicyLimitException(checks.problems().at(list.line(), list.column()), "maxRules",
          limits.maxRules(), "the policy has " + list.items().size() + " rules");
    }
    List<PolicyRule> rules = new ArrayList<>(list.items().size());
    Map<String, Integer> idLines = new HashMap<>();
    for (int i = 0; i < list.items().size(); i++) {
      PolicyRule rule = rule(list.items().get(i), i, idLines);
      if (rule != null) {
        rules.add(rule);
      }
    }
    return rules;
  }

  private PolicyRule rule(Node node, int index, Map<String, Integer> idLines) {
    String path = Paths.index("rules", index);
    MapNode map = node instanceof MapNode ? (MapNode) node : null;
    if (map == null) {
      checks.problems().add(node, path, "a rule must be a mapping with at least 'action' and"
          + " 'decision', but is " + node.typeName());
      return null;
    }
    int before = checks.problems().count();
    checks.onlyKeys(map, path, RULE_KEYS);
    MapNode.Entry actionEntry = checks.required(map, path, "action");
    String action = actionEntry == null ? null
        : checks.actionId(actionEntry.value(), Paths.key(path, "action"), "action id");
    MapNode.Entry decisionEntry = checks.required(map, path, "decision");
    String decision = decisionEntry == null ? null
        : checks.keyword(decisionEntry.value(), Paths.key(path, "decision"), DECISIONS);
    String id = ruleId(map, path, index, idLines);
    String description = optionalString(map, path, "description");
    ProvenanceRequirement provenance = provenance(map, path);
    Outcome onUntrusted = onUntrusted(map, path, decision);
    ParameterSet parameters = parameters(map, path);
    List<ConditionSpec> conditions = conditions(map.get("conditions"), Paths.key(path, "conditions"));
    if (checks.problems().count() > before || action == null || decision == null) {
      return null;
    }
    return new PolicyRule(id, action, Outcome.fromKeyword(decision), conditions, provenance,
        description, checks.problems().at(map.line(), map.column()), parameters, onUntrusted);
  }

  /** {@code on_untrusted: deny | escalate}, on an {@code allow} rule only. */
  private Outcome onUntrusted(MapNode map, String path, String decision) {
    MapNode.Entry entry = map.get("on_untrusted");
    if (entry == null) {
      return Outcome.DENY;
    }
    String entryPath = Paths.key(path, "on_untrusted");
    String keyword = checks.keyword(entry.value(), entryPath, List.of("deny", "escalate"));
    if (keyword == null) {
      return Outcome.DENY;
    }
    if (decision != null && !decision.equals("allow")) {
      checks.problems().add(entry.value(), entryPath, "on_untrusted applies to allow rules only"
          + " (a " + decision + " rule does not allow anything)");
      return Outcome.DENY;
    }
    return Outcome.fromKeyword(keyword);
  }

  private String ruleId(MapNode map, String path, int index, Map<String, Integer> idLines) {
    MapNode.Entry entry = map.get("id");
    if (entry == null) {
      return "rules[" + index + "]";
    }
    String id = checks.actionId(entry.value(), Paths.key(path, "id"), "rule id");
    if (id == null) {
      return null;
    }
    Integer firstLine = idLines.putIfAbsent(id, entry.value().line());
    if (firstLine != null) {
      checks.problems().add(entry.value(), Paths.key(path, "id"), "the rule id "
          + Messages.quote(id) + " is already used by the rule at line " + firstLine
          + "; rule ids must be unique");
    }
    return id;
  }

  private String optionalString(MapNode map, String path, String key) {
    MapNode.Entry entry = map.get(key);
    return entry == null ? "" : checks.string(entry.value(), Paths.key(path, key));
  }

  private ProvenanceRequirement provenance(MapNode map, String path) {
    MapNode.Entry entry = map.get("provenance");
    if (entry == null) {
      return ProvenanceRequirement.DEFAULT;
    }
    String keyword = checks.keyword(entry.value(), Paths.key(path, "provenance"), PROVENANCES);
    return keyword == null ? null : ProvenanceRequirement.valueOf(keyword.toUpperCase(Locale.ROOT));
  }

  /**
   * {@code parameters: closed | open}, or a list of names ({@code parameters: [subject, body]}:
   * closed, admitting those names besides the parameters the conditions name).
   */
  private ParameterSet parameters(MapNode map, String path) {
    MapNode.Entry entry = map.get("parameters");
    if (entry == null) {
      return ParameterSet.policyDefault();
    }
    String entryPath = Paths.key(path, "parameters");
    if (entry.value() instanceof ListNode list) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < list.items().size(); i++) {
        String name = checks.name(list.items().get(i), Paths.index(entryPath, i), "a parameter name");
        if (name != null) {
          names.add(name);
        }
      }
      return ParameterSet.closed(names);
    }
    if (entry.value() instanceof ScalarNode scalar && scalar.kind() == ScalarNode.Kind.STRING) {
      String keyword = checks.keyword(entry.value(), entryPath, List.of("closed", "open"));
      return keyword == null ? null
          : keyword.equals("closed") ? ParameterSet.closed() : ParameterSet.open();
    }
    checks.problems().add(entry.value(), entryPath, "must be closed, open or a list of parameter"
        + " names, but is " + entry.value().typeName());
    return null;
  }

  private List<ConditionSpec> conditions(MapNode.Entry entry, String path) {
    if (entry == null) {
      return List.of();
    }
    MapNode parameters = checks.mapping(entry.value(), path);
    if (parameters == null) {
      return List.of();
    }
    List<ConditionSpec> conditions = new ArrayList<>();
    for (MapNode.Entry parameter : parameters.entries().values()) {
      String parameterPath = Paths.key(path, parameter.key());
      if (parameter.key().isBlank()) {
        checks.problems().add(parameter, parameterPath, "a parameter name must not be empty");
        continue;
      }
      if (!(parameter.value() instanceof MapNode)) {
        checks.problems().add(parameter.value(), parameterPath, "the conditions on parameter "
            + Messages.quote(parameter.key()) + " must be a mapping of operator: argument (for"
            + " example 'prefix: /tmp/'), but are " + parameter.value().typeName());
        continue;
      }
      MapNode operators = (MapNode) parameter.value();
      if (operators.entries().isEmpty()) {
        checks.problems().add(operators, parameterPath, "the parameter "
            + Messages.quote(parameter.key()) + " has no operators; remove it or add one");
        continue;
      }
      for (MapNode.Entry operator : operators.entries().values()) {
        String operatorPath = Paths.key(parameterPath, operator.key());
        if (operator.key().isBlank()) {
          checks.problems().add(operator, operatorPath, "an operator name must not be empty");
          continue;
        }
        Object argument = QUANTIFIERS.contains(operator.key())
            ? elementOperators(operator, operatorPath, 1)
            : values.argument(operator.value(), operatorPath);
        if (argument != null) {
          conditions.add(new ConditionSpec(parameter.key(), operator.key(), argument,
              checks.problems().at(operator.line(), operator.column())));
        }
      }
    }
    return conditions;
  }

  /**
   * The argument of {@code each} or {@code any}: a mapping of operator to argument for the
   * elements of a list, in which {@code each} and {@code any} may nest.
   */
  private Object elementOperators(MapNode.Entry quantifier, String path, int depth) {
    if (!(quantifier.value() instanceof MapNode operators) || operators.entries().isEmpty()) {
      checks.problems().add(quantifier.value(), path, quantifier.key() + " needs a mapping of"
          + " operators for the list's elements, for example '" + quantifier.key()
          + ": {email_domain_in: [example.com]}', but is " + quantifier.value().typeName());
      return null;
    }
    if (depth > MAX_QUANTIFIER_DEPTH) {
      checks.problems().add(quantifier.value(), path, "each and any nest at most "
          + MAX_QUANTIFIER_DEPTH + " levels deep");
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    boolean ok = true;
    for (MapNode.Entry operator : operators.entries().values()) {
      String operatorPath = Paths.key(path, operator.key());
      if (operator.key().isBlank()) {
        checks.problems().add(operator, operatorPath, "an operator name must not be empty");
        ok = false;
        continue;
      }
      Object argument = QUANTIFIERS.contains(operator.key())
          ? elementOperators(operator, operatorPath, depth + 1)
          : values.argument(operator.value(), operatorPath);
      ok &= argument != null;
      out.put(operator.key(), argument);
    }
    return ok ? Collections.unmodifiableMap(out) : null;
  }
}
