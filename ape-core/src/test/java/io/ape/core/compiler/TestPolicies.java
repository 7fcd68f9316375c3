package io.ape.core.compiler;

import io.ape.api.ConditionSpec;
import io.ape.api.Outcome;
import io.ape.api.Policy;
import io.ape.api.PolicyRule;
import io.ape.api.PolicySource;
import io.ape.api.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Policies of every shape, built as the YAML parser would build them. */
final class TestPolicies {
  private TestPolicies() {}

  static Policy lists(String name, List<String> allowed, List<String> forbidden,
      List<String> escalation, Outcome defaultDecision) {
    return new Policy(name, "1.0", "", defaultDecision, allowed, forbidden, escalation,
        List.of(), Map.of(), Map.of(), null, null, new PolicySource(name + ".yaml", "yaml",
            "0".repeat(63) + name.length()));
  }

  /** The Python original's read_only.yaml (the standard-action part of it). */
  static Policy readOnly() {
    return lists("read_only", List.of("read_file", "list_directory", "list_files",
        "search_files", "query_data", "fetch_url", "http_get"),
        List.of("write_file", "delete_file", "delete_directory", "execute_command"), List.of(),
        Outcome.DENY);
  }

  /** The Python original's minimal_safe.yaml (the standard-action part of it). */
  static Policy minimalSafe() {
    return lists("minimal_safe", List.of("read_file", "list_directory", "search_files",
        "query_data", "fetch_url"), List.of("delete_file", "delete_directory", "rm_rf"),
        List.of("write_file", "create_directory", "send_email", "execute_command"), Outcome.DENY);
  }

  /** The Python original's human_in_loop.yaml (the standard-action part of it). */
  static Policy humanInLoop() {
    return lists("human_in_loop", List.of("read_file", "list_directory", "query_data"),
        List.of("delete_file", "delete_directory"), List.of("write_file", "create_directory",
            "insert_data", "update_data", "send_email", "send_notification", "http_post"),
        Outcome.DENY);
  }

  /** The Python original's development.yaml: default allow. */
  static Policy development() {
    return lists("development", List.of("read_file", "write_file", "list_directory", "http_get",
        "http_post"), List.of("rm_rf", "format_disk"), List.of("delete_file", "delete_directory",
            "send_email"), Outcome.ALLOW);
  }

  /** The seed README's format: default_decision and rules only. */
  static Policy rulesOnly(Outcome defaultDecision) {
    List<PolicyRule> rules = new ArrayList<>();
    rules.add(rule(0, "read_file", Outcome.ALLOW));
    rules.add(rule(1, "list_directory", Outcome.ALLOW));
    rules.add(new PolicyRule("rules[2]", "write_file", Outcome.ALLOW,
        List.of(new ConditionSpec("path", "prefix", List.of("/tmp/"), loc())), null, "",
        loc()));
    rules.add(rule(3, "delete_file", Outcome.DENY));
    rules.add(new PolicyRule("rules[4]", "http_get", Outcome.ESCALATE,
        List.of(new ConditionSpec("url", "domain_in", List.of("*.internal.corp"), loc())), null,
        "", loc()));
    return new Policy("scoped", "1.0", "", defaultDecision, List.of(), List.of(), List.of(),
        rules, Map.of(), Map.of(), null, null, new PolicySource("scoped.yaml", "yaml",
            "a".repeat(64)));
  }

  static PolicyRule rule(int index, String action, Outcome decision) {
    return new PolicyRule("rules[" + index + "]", action, decision, List.of(), null, "", loc());
  }

  private static SourceLocation loc() {
    return SourceLocation.of("test.yaml");
  }
}
