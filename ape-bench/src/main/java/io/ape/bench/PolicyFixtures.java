package io.ape.bench;

import io.ape.api.Policy;
import io.ape.api.PolicyLimits;
import io.ape.policy.yaml.PolicyParsers;
import java.nio.charset.StandardCharsets;

/**
 * Generated policies for the benchmarks, as YAML text.
 *
 * <p>{@link #actionsPolicy(int)} names exactly {@code actions} actions (a multiple of 5), in
 * five equal groups, for index {@code i} of each group:
 * <pre>{@code
 * allowed_i    in allowed_actions
 * forbidden_i  in forbidden_actions
 * read_i       rule read_i:          allow when path has prefix "/srv/tenant<i>/"
 * open_i       rule open_i_secrets:  deny  when path is within /srv/tenant<i>/secrets
 *              rule open_i:          allow when path is within /srv/tenant<i>
 * fetch_i      rule fetch_i:         allow when url's host is api<i>.example.com or *.corp<i>.example
 * }</pre>
 *
 * <p>{@link #rulesPolicy(int)} has {@code rules} rules, one per action, whose conditions cycle
 * through {@code prefix}, {@code path_within}, {@code domain_in}, {@code one_of} and
 * {@code regex}.
 */
public final class PolicyFixtures {
  /** The number of action groups in {@link #actionsPolicy(int)}. */
  public static final int GROUPS = 5;

  private PolicyFixtures() {}

  /** The YAML text of a policy naming exactly {@code actions} actions (see the class doc). */
  public static String actionsPolicy(int actions) {
    if (actions < GROUPS || actions % GROUPS != 0) {
      throw new IllegalArgumentException("actions must be a positive multiple of " + GROUPS
          + ", got " + actions);
    }
    int perGroup = actions / GROUPS;
    StringBuilder y = new StringBuilder(actions * 160);
    y.append("name: bench-").append(actions).append("-actions\n");
    y.append("default_decision: deny\n");
    list(y, "allowed_actions", "allowed_", perGroup);
    list(y, "forbidden_actions", "forbidden_", perGroup);
    y.append("rules:\n");
    for (int i = 0; i < perGroup; i++) {
      rule(y, "read_" + i, "read_" + i, "allow", "path", "prefix", quoted("/srv/tenant" + i + "/"));
      rule(y, "open_" + i + "_secrets", "open_" + i, "deny", "path", "path_within",
          "/srv/tenant" + i + "/secrets");
      rule(y, "open_" + i, "open_" + i, "allow", "path", "path_within", "/srv/tenant" + i);
      rule(y, "fetch_" + i, "fetch_" + i, "allow", "url", "domain_in",
          "[api" + i + ".example.com, " + quoted("*.corp" + i + ".example") + "]");
    }
    return y.toString();
  }

  /** The number of actions {@link #operatorRules(int)} adds. */
  public static final int OPERATOR_ACTIONS = 9;

  /**
   * {@link #actionsPolicy(int)} followed by {@link #operatorRules(int)} for the action index
   * the benchmarks request ({@link EvaluationPath#index(int)}): {@code actions} +
   * {@value #OPERATOR_ACTIONS} actions.
   */
  public static String evaluationPolicy(int actions) {
    return actionsPolicy(actions) + operatorRules(EvaluationPath.index(actions));
  }

  /**
   * Rules appended to the {@code rules:} of {@link #actionsPolicy(int)}, one per operator of the
   * second edition of the policy language, each with one condition, for index {@code i}:
   * <pre>{@code
   * mail_i     to: {email_domain_in: [acme<i>.example, "*.corp<i>.example"]}
   * each_i     to: {each: {email_domain_in: [acme<i>.example]}}
   * any_i      to: {any: {email_domain_in: [acme<i>.example]}}
   * count_i    to: {count: {max: 5}}
   * present_i  ticket: {present: true}
   * absent_i   cc: {absent: true}
   * trusted_i  recipient: {provenance: trusted}
   * closed_i   parameters: [subject], to: {present: true}
   * tenant_i   path: {path_within: "/srv/${tenant}"}
   * }</pre>
   */
  public static String operatorRules(int i) {
    StringBuilder y = new StringBuilder(2048);
    rule(y, "mail_" + i, "mail_" + i, "allow", "to", "email_domain_in",
        "[acme" + i + ".example, " + quoted("*.corp" + i + ".example") + "]");
    rule(y, "each_" + i, "each_" + i, "allow", "to", "each",
        "{email_domain_in: [acme" + i + ".example]}");
    rule(y, "any_" + i, "any_" + i, "allow", "to", "any",
        "{email_domain_in: [acme" + i + ".example]}");
    rule(y, "count_" + i, "count_" + i, "allow", "to", "count", "{max: 5}");
    rule(y, "present_" + i, "present_" + i, "allow", "ticket", "present", "true");
    rule(y, "absent_" + i, "absent_" + i, "allow", "cc", "absent", "true");
    rule(y, "trusted_" + i, "trusted_" + i, "allow", "recipient", "provenance", "trusted");
    y.append("  - id: closed_").append(i).append('\n')
        .append("    action: closed_").append(i).append('\n')
        .append("    decision: allow\n")
        .append("    parameters: [subject]\n")
        .append("    conditions:\n")
        .append("      to: {present: true}\n");
    rule(y, "tenant_" + i, "tenant_" + i, "allow", "path", "path_within", quoted("/srv/${tenant}"));
    return y.toString();
  }

  /** The YAML text of a policy of {@code rules} rules on as many actions (see the class doc). */
  public static String rulesPolicy(int rules) {
    if (rules < 1) {
      throw new IllegalArgumentException("rules must be positive, got " + rules);
    }
    StringBuilder y = new StringBuilder(rules * 120);
    y.append("name: bench-").append(rules).append("-rules\n");
    y.append("default_decision: deny\n");
    y.append("rules:\n");
    for (int i = 0; i < rules; i++) {
      String action = "tool_" + i;
      switch (i % 5) {
        case 0:
          rule(y, action, action, "allow", "path", "prefix", quoted("/srv/tenant" + i + "/"));
          break;
        case 1:
          rule(y, action, action, "allow", "path", "path_within", "/srv/tenant" + i);
          break;
        case 2:
          rule(y, action, action, "allow", "url", "domain_in",
              "[api" + i + ".example.com, " + quoted("*.corp" + i + ".example") + "]");
          break;
        case 3:
          rule(y, action, action, "allow", "format", "one_of", "[csv, json, v" + i + "]");
          break;
        default:
          rule(y, action, action, "deny", "name", "regex", "'^report-" + i + "-[0-9]{1,6}\\.csv$'");
          break;
      }
    }
    return y.toString();
  }

  /** UTF-8 bytes of a YAML text. */
  public static byte[] bytes(String yaml) {
    return yaml.getBytes(StandardCharsets.UTF_8);
  }

  /** Parses YAML text with the real YAML parser and the default limits. */
  public static Policy parse(String yaml, String sourceName) {
    return PolicyParsers.yaml().parse(bytes(yaml), sourceName, PolicyLimits.defaults());
  }

  private static void list(StringBuilder y, String key, String prefix, int count) {
    y.append(key).append(":\n");
    for (int i = 0; i < count; i++) {
      y.append("  - ").append(prefix).append(i).append('\n');
    }
  }

  private static void rule(StringBuilder y, String id, String action, String decision,
      String parameter, String operator, String argument) {
    y.append("  - id: ").append(id).append('\n')
        .append("    action: ").append(action).append('\n')
        .append("    decision: ").append(decision).append('\n')
        .append("    conditions:\n")
        .append("      ").append(parameter).append(": {").append(operator).append(": ")
        .append(argument).append("}\n");
  }

  private static String quoted(String s) {
    return '"' + s + '"';
  }
}
