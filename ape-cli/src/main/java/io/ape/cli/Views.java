package io.ape.cli;

import io.ape.api.ConditionFailure;
import io.ape.api.ConditionSpec;
import io.ape.api.Decision;
import io.ape.api.Policy;
import io.ape.api.PolicyProblem;
import io.ape.api.PolicyRule;
import io.ape.api.RateLimit;
import io.ape.api.RateLimitSettings;
import io.ape.api.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the CLI's output (snake_case keys, insertion order). Kept in one place so
 * that every command prints a decision, a problem or a policy the same way.
 */
final class Views {
  private Views() {}

  static Map<String, Object> decision(Decision d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("action", d.actionId());
    m.put("decision", d.outcome().name());
    m.put("reason", d.reason());
    m.put("matched_rule", d.matchedRule());
    m.put("source", d.source().name());
    m.put("default_allow", d.isDefaultAllow());
    List<Map<String, Object>> failed = new ArrayList<>();
    for (ConditionFailure f : d.failedConditions()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("rule", f.ruleId());
      c.put("parameter", f.parameter());
      c.put("operator", f.operator());
      c.put("reason", f.reason());
      failed.add(c);
    }
    m.put("failed_conditions", failed);
    m.put("policy_version", d.policyVersion());
    return m;
  }

  static Map<String, Object> problem(PolicyProblem p) {
    Map<String, Object> m = location(p.location());
    m.put("path", p.path());
    m.put("message", p.message());
    return m;
  }

  static Map<String, Object> error(CliError e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("exit_code", e.exitCode());
    m.put("type", e.type());
    m.put("message", e.message());
    m.put("problems", e.problems().stream().map(Views::problem).toList());
    return m;
  }

  static Map<String, Object> location(SourceLocation l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", l.source());
    m.put("line", l.line());
    m.put("column", l.column());
    return m;
  }

  /** Every section of a policy, for {@code info --json}. */
  static Map<String, Object> policy(Policy p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", p.source().name());
    m.put("format", p.source().format());
    m.put("sha256", p.version());
    m.put("name", p.name());
    m.put("version", p.declaredVersion());
    m.put("description", p.description());
    m.put("default_decision", p.defaultDecision().keyword());
    m.put("default_allow", p.isDefaultAllow());
    m.put("allowed_actions", p.allowedActions());
    m.put("forbidden_actions", p.forbiddenActions());
    m.put("escalation_required", p.escalationRequired());
    m.put("rules", p.rules().stream().map(Views::rule).toList());
    m.put("tool_transitions", p.toolTransitions());
    m.put("rate_limits", rateLimits(p.rateLimits()));
    m.put("audit", Map.of("redact", p.audit().redact()));
    m.put("metadata", p.metadata());
    return m;
  }

  static Map<String, Object> rule(PolicyRule r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("action", r.actionId());
    m.put("decision", r.decision().keyword());
    m.put("conditions", r.conditions().stream().map(Views::condition).toList());
    m.put("provenance", r.provenance().name().toLowerCase(java.util.Locale.ROOT));
    m.put("on_untrusted", r.onUntrusted().keyword());
    m.put("description", r.description());
    m.put("line", r.location().line());
    m.put("column", r.location().column());
    return m;
  }

  static Map<String, Object> condition(ConditionSpec c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("parameter", c.parameter());
    m.put("operator", c.operator());
    m.put("argument", c.argument());
    return m;
  }

  static Map<String, Object> rateLimits(RateLimitSettings s) {
    Map<String, Object> m = new LinkedHashMap<>();
    List<Map<String, Object>> limits = new ArrayList<>();
    for (RateLimit l : s.limits()) {
      Map<String, Object> limit = new LinkedHashMap<>();
      limit.put("scope", l.scope().name().toLowerCase(java.util.Locale.ROOT));
      limit.put("key", l.key());
      limit.put("window_seconds", l.window().toSeconds());
      limit.put("max", l.max());
      limits.add(limit);
    }
    m.put("limits", limits);
    // JSON has no Infinity: an unset budget is null.
    m.put("max_cumulative_risk",
        Double.isInfinite(s.maxCumulativeRisk()) ? null : s.maxCumulativeRisk());
    return m;
  }

  /** A rate limit in one line, e.g. {@code action write_file: 5 per 60s}. */
  static String describe(RateLimit l) {
    String scope = l.scope().name().toLowerCase(java.util.Locale.ROOT);
    return scope + (l.key().isEmpty() ? "" : " " + l.key()) + ": " + l.max() + " per "
        + l.window().toSeconds() + "s";
  }

  /** A condition in one line, e.g. {@code path path_within "/tmp"}. */
  static String describe(ConditionSpec c) {
    return c.parameter() + " " + c.operator() + " " + Json.compact(c.argument());
  }
}
