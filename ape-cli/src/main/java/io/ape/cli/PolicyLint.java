package io.ape.cli;

import io.ape.api.ConditionSpec;
import io.ape.api.Policy;
import io.ape.api.PolicyProblem;
import io.ape.api.PolicyRule;
import io.ape.api.RateLimit;
import io.ape.api.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Findings about a policy that loads but should not ship: {@code validate} prints them as
 * warnings, {@code validate --strict} fails on them.
 *
 * <ul>
 *   <li>the engine's warnings: a default-allow policy (DESIGN §4, difference 7), unreachable
 *       rules, an action both allowed and governed by rules, duplicates within a list;</li>
 *   <li>any value that is a placeholder: a string that starts with {@code TODO} (after leading
 *       white space and slashes), such as those {@code ape mcp-scan} writes for paths and
 *       domains.</li>
 * </ul>
 */
final class PolicyLint {
  /** The placeholder marker. */
  static final String PLACEHOLDER = "TODO";

  private PolicyLint() {}

  /** The engine's warnings, then the placeholders. */
  static List<PolicyProblem> findings(LoadedPolicy loaded) {
    List<PolicyProblem> out = new ArrayList<>(loaded.warnings());
    out.addAll(placeholders(loaded.policy()));
    return out;
  }

  /** Every string value that starts with {@code TODO}, with its location and document path. */
  static List<PolicyProblem> placeholders(Policy policy) {
    List<PolicyProblem> out = new ArrayList<>();
    SourceLocation file = SourceLocation.of(policy.source().name());
    Placeholders p = new Placeholders(out, file);
    p.check("name", policy.name());
    p.check("version", policy.declaredVersion());
    p.check("description", policy.description());
    p.checkAll("allowed_actions", policy.allowedActions());
    p.checkAll("forbidden_actions", policy.forbiddenActions());
    p.checkAll("escalation_required", policy.escalationRequired());
    for (int i = 0; i < policy.rules().size(); i++) {
      PolicyRule rule = policy.rules().get(i);
      String path = "rules[" + i + "]";
      p.at(rule.location()).check(path + ".action", rule.actionId());
      p.at(rule.location()).check(path + ".description", rule.description());
      for (ConditionSpec c : rule.conditions()) {
        p.at(c.location()).value(path + ".conditions." + c.parameter() + "." + c.operator(),
            c.argument());
      }
    }
    policy.toolTransitions().forEach((tool, next) -> {
      p.check("tool_transitions", tool);
      p.checkAll("tool_transitions." + tool, next);
    });
    for (RateLimit limit : policy.rateLimits().limits()) {
      p.check("rate_limits", limit.key());
    }
    p.checkAll("audit.redact", policy.audit().redact());
    p.value("metadata", policy.metadata());
    return out;
  }

  /**
   * Whether {@code s} starts with {@code TODO}, ignoring leading white space and leading
   * slashes (so that an absolute-path placeholder such as {@code /TODO-set-allowed-root}
   * counts). Case-sensitive: {@code todo_list} is an ordinary value.
   */
  static boolean isPlaceholder(String s) {
    if (s == null) {
      return false;
    }
    String t = s.strip();
    int i = 0;
    while (i < t.length() && t.charAt(i) == '/') {
      i++;
    }
    return t.startsWith(PLACEHOLDER, i);
  }

  /** Collects placeholder findings, each at the most precise location known. */
  private static final class Placeholders {
    private final List<PolicyProblem> out;
    private final SourceLocation file;
    private SourceLocation location;

    Placeholders(List<PolicyProblem> out, SourceLocation file) {
      this.out = out;
      this.file = file;
      this.location = file;
    }

    Placeholders at(SourceLocation where) {
      this.location = where;
      return this;
    }

    void check(String path, String s) {
      if (isPlaceholder(s)) {
        out.add(new PolicyProblem(location, path,
            "placeholder value '" + shorten(s.strip()) + "' must be replaced before use"));
      }
      location = file;
    }

    void checkAll(String path, List<String> values) {
      for (String v : values) {
        check(path, v);
      }
    }

    void value(String path, Object v) {
      SourceLocation here = location;
      if (v instanceof String s) {
        check(path, s);
      } else if (v instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          at(here).value(path + "[" + i + "]", list.get(i));
        }
      } else if (v instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          at(here).value(path + "." + e.getKey(), e.getValue());
        }
      }
      location = file;
    }

    private static String shorten(String s) {
      return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
  }
}
