package io.ape.policy.yaml.internal;

import io.ape.api.ApeException;
import io.ape.api.AuditSettings;
import io.ape.api.CombiningAlgorithm;
import io.ape.api.Outcome;
import io.ape.api.ParameterSet;
import io.ape.api.Policy;
import io.ape.api.PolicyLimits;
import io.ape.api.PolicyParseException;
import io.ape.api.PolicyProblem;
import io.ape.api.PolicyRule;
import io.ape.api.PolicySource;
import io.ape.api.PolicyValidationException;
import io.ape.api.RateLimitSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The mapping layer shared by both formats: turns a document tree into a {@link Policy},
 * validating structure and types and collecting every problem before it throws.
 */
final class PolicyMapper {
  static final List<String> TOP_LEVEL_KEYS = List.of("name", "version", "description",
      "default_deny", "default_decision", "allowed_actions", "forbidden_actions",
      "escalation_required", "tool_transitions", "rules", "metadata", "rate_limits", "audit",
      "combining", "default_parameters");
  static final List<String> ACTION_LISTS =
      List.of("allowed_actions", "forbidden_actions", "escalation_required");
  private static final List<String> AUDIT_KEYS = List.of("redact");
  private static final List<String> DECISIONS = List.of("allow", "deny", "escalate");

  private final Problems problems;
  private final NodeChecks checks;
  private final PlainValues values;
  private final PolicyLimits limits;

  PolicyMapper(String source, PolicyLimits limits) {
    this.problems = new Problems(source);
    this.checks = new NodeChecks(problems);
    this.values = new PlainValues(checks);
    this.limits = limits;
  }

  /**
   * Maps and validates a whole document.
   *
   * @throws PolicyParseException if the document is not a mapping
   * @throws PolicyValidationException with every problem found
   */
  Policy map(Node document, PolicySource source) {
    if (!(document instanceof MapNode)) {
      if (isEmpty(document)) {
        throw new PolicyParseException(problems.at(document.line(), document.column()), "",
            "the document is empty; a policy is a mapping, for example 'default_decision: deny'");
      }
      throw new PolicyParseException(problems.at(document.line(), document.column()), "",
          "a policy must be a mapping (key: value) at the top level, but the document is "
          + document.typeName());
    }
    MapNode root = (MapNode) document;
    checks.onlyKeys(root, "", TOP_LEVEL_KEYS);
    String name = optionalString(root, "name");
    String version = version(root.get("version"));
    String description = optionalString(root, "description");
    Outcome defaultDecision = defaultDecision(root);
    Map<String, List<String>> lists = actionLists(root);
    Map<String, List<String>> transitions = toolTransitions(root.get("tool_transitions"));
    Map<String, Object> metadata = metadata(root.get("metadata"));
    List<PolicyRule> rules = new RuleMapper(checks, values, limits).map(root.get("rules"));
    RateLimitSettings rateLimits = new RateLimitMapper(checks).map(root.get("rate_limits"));
    AuditSettings audit = audit(root.get("audit"));
    MapNode.Entry combiningEntry = root.get("combining");
    String combining = combiningEntry == null ? "first_match"
        : checks.keyword(combiningEntry.value(), "combining", List.of("first_match", "deny_overrides"));
    MapNode.Entry defaultParametersEntry = root.get("default_parameters");
    String defaultParameters = defaultParametersEntry == null ? "open"
        : checks.keyword(defaultParametersEntry.value(), "default_parameters",
            List.of("open", "closed"));
    problems.throwIfAny();
    try {
      return new Policy(name, version, description, defaultDecision,
          lists.get("allowed_actions"), lists.get("forbidden_actions"),
          lists.get("escalation_required"), rules, transitions, metadata, audit, rateLimits,
          source, CombiningAlgorithm.fromKeyword(combining),
          "closed".equals(defaultParameters) ? ParameterSet.Kind.CLOSED : ParameterSet.Kind.OPEN);
    } catch (ApeException | IllegalArgumentException | NullPointerException e) {
      throw new PolicyValidationException(List.of(new PolicyProblem(
          problems.at(root.line(), root.column()), "", "invalid policy: " + e.getMessage())));
    }
  }

  private static boolean isEmpty(Node document) {
    return document instanceof ScalarNode && (((ScalarNode) document).kind() == ScalarNode.Kind.NULL
        || ((ScalarNode) document).text().isEmpty());
  }

  private String optionalString(MapNode root, String key) {
    MapNode.Entry entry = root.get(key);
    return entry == null ? "" : checks.string(entry.value(), key);
  }

  private String version(MapNode.Entry entry) {
    if (entry == null) {
      return "";
    }
    Node node = entry.value();
    if (node instanceof ScalarNode) {
      ScalarNode scalar = (ScalarNode) node;
      if (scalar.kind() == ScalarNode.Kind.STRING || scalar.isNumber()) {
        return scalar.text();
      }
    }
    problems.add(node, "version", "must be a string or a number, but is " + node.typeName());
    return "";
  }

  private Outcome defaultDecision(MapNode root) {
    MapNode.Entry denyEntry = root.get("default_deny");
    MapNode.Entry decisionEntry = root.get("default_decision");
    Boolean deny = denyEntry == null ? null : checks.bool(denyEntry.value(), "default_deny");
    String keyword = decisionEntry == null ? null
        : checks.keyword(decisionEntry.value(), "default_decision", DECISIONS);
    Outcome declared = keyword == null ? null : Outcome.fromKeyword(keyword);
    if (deny != null && declared != null && (deny ? declared != Outcome.DENY
        : declared != Outcome.ALLOW)) {
      problems.add(decisionEntry, "default_decision", "default_decision: " + keyword
          + " contradicts default_deny: " + deny + " (line " + denyEntry.line()
          + "); keep only one of the two");
    }
    if (declared != null) {
      return declared;
    }
    if (deny != null) {
      return deny ? Outcome.DENY : Outcome.ALLOW;
    }
    return Outcome.DENY;
  }

  /** The three action lists; an id may appear once, in one list only. */
  private Map<String, List<String>> actionLists(MapNode root) {
    Map<String, List<String>> lists = new HashMap<>();
    Map<String, Occurrence> seen = new HashMap<>();
    for (String listName : ACTION_LISTS) {
      List<String> ids = new ArrayList<>();
      lists.put(listName, ids);
      MapNode.Entry entry = root.get(listName);
      ListNode list = entry == null ? null : checks.list(entry.value(), listName);
      if (list == null) {
        continue;
      }
      for (int i = 0; i < list.items().size(); i++) {
        Node item = list.items().get(i);
        String path = Paths.index(listName, i);
        String id = checks.actionId(item, path, "action id");
        if (id == null) {
          continue;
        }
        Occurrence first = seen.putIfAbsent(id, new Occurrence(listName, item.line()));
        if (first == null) {
          ids.add(id);
        } else if (first.list.equals(listName)) {
          problems.add(item, path, Messages.quote(id) + " is listed twice in " + listName
              + " (first at line " + first.line + ")");
        } else {
          problems.add(item, path, Messages.quote(id) + " is in both " + first.list + " (line "
              + first.line + ") and " + listName + "; an action may be in only one of "
              + String.join(", ", ACTION_LISTS));
        }
      }
    }
    return lists;
  }

  private Map<String, List<String>> toolTransitions(MapNode.Entry entry) {
    if (entry == null) {
      return Map.of();
    }
    MapNode map = checks.mapping(entry.value(), "tool_transitions");
    if (map == null) {
      return Map.of();
    }
    Map<String, List<String>> transitions = new LinkedHashMap<>();
    for (MapNode.Entry from : map.entries().values()) {
      String path = Paths.key("tool_transitions", from.key());
      String fromId = checks.actionIdKey(from, path, "tool id");
      ListNode successors = checks.list(from.value(), path);
      if (fromId == null || successors == null) {
        continue;
      }
      List<String> to = new ArrayList<>();
      Map<String, Integer> lines = new HashMap<>();
      for (int i = 0; i < successors.items().size(); i++) {
        Node item = successors.items().get(i);
        String id = checks.actionId(item, Paths.index(path, i), "tool id");
        if (id == null) {
          continue;
        }
        Integer firstLine = lines.putIfAbsent(id, item.line());
        if (firstLine != null) {
          problems.add(item, Paths.index(path, i), Messages.quote(id)
              + " is listed twice (first at line " + firstLine + ")");
        } else {
          to.add(id);
        }
      }
      transitions.put(fromId, to);
    }
    return transitions;
  }

  private Map<String, Object> metadata(MapNode.Entry entry) {
    if (entry == null) {
      return Map.of();
    }
    MapNode map = checks.mapping(entry.value(), "metadata");
    if (map == null) {
      return Map.of();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> converted = (Map<String, Object>) values.freeForm(map, "metadata", 0);
    return converted == null ? Map.of() : converted;
  }

  private AuditSettings audit(MapNode.Entry entry) {
    if (entry == null) {
      return AuditSettings.none();
    }
    MapNode map = checks.mapping(entry.value(), "audit");
    if (map == null) {
      return AuditSettings.none();
    }
    checks.onlyKeys(map, "audit", AUDIT_KEYS);
    MapNode.Entry redactEntry = map.get("redact");
    ListNode list = redactEntry == null ? null : checks.list(redactEntry.value(), "audit.redact");
    if (list == null) {
      return AuditSettings.none();
    }
    List<String> keys = new ArrayList<>();
    Map<String, Integer> lines = new HashMap<>();
    for (int i = 0; i < list.items().size(); i++) {
      Node item = list.items().get(i);
      String path = Paths.index("audit.redact", i);
      String key = checks.name(item, path, "a redacted key");
      if (key == null) {
        continue;
      }
      Integer firstLine = lines.putIfAbsent(key.toLowerCase(Locale.ROOT), item.line());
      if (firstLine != null) {
        problems.add(item, path, Messages.quote(key) + " is listed twice (first at line "
            + firstLine + "; keys are compared ignoring case)");
      } else {
        keys.add(key);
      }
    }
    return new AuditSettings(keys);
  }

  private record Occurrence(String list, int line) {}
}
