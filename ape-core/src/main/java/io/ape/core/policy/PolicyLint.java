package io.ape.core.policy;

import io.ape.api.ActionCatalog;
import io.ape.api.ActionDefinition;
import io.ape.api.ConditionSpec;
import io.ape.api.Policy;
import io.ape.api.PolicyProblem;
import io.ape.api.PolicyRule;
import io.ape.api.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a policy says that its action catalog (the action repository) contradicts: likely typos.
 * {@code ape validate} prints these besides {@link PolicyEngine#warnings()}, and
 * {@code --strict} fails on them.
 *
 * <ul>
 *   <li>an action id (in a list or a rule) the catalog does not have, with the closest id it has
 *       when one is near ({@code 'reed_file' ... did you mean 'read_file'?}). When the catalog
 *       is not {@code complete} (the standard actions, while the application also has its own
 *       tools), only ids within two edits of a catalog id are reported: those are likely
 *       typos, while {@code github.create_issue} is another tool;</li>
 *   <li>a condition, or a closed rule's {@code parameters} list, naming a parameter the
 *       action's schema does not have (when the schema lists its {@code properties} and does not
 *       allow additional ones).</li>
 * </ul>
 *
 * <p>Stateless; the checks read the policy model only (no compiled engine is needed).
 *
 * @since 0.2.0
 */
public final class PolicyLint {
  private PolicyLint() {}

  /** {@link #check(Policy, ActionCatalog, boolean)} against a complete catalog. */
  public static List<PolicyProblem> check(Policy policy, ActionCatalog catalog) {
    return check(policy, catalog, true);
  }

  /**
   * The findings, in the order of the policy: lists first, then rules.
   *
   * @param complete whether the catalog holds every action the application has (then every
   *     unknown id is reported, else only those near a catalog id)
   */
  public static List<PolicyProblem> check(Policy policy, ActionCatalog catalog,
      boolean complete) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(catalog, "catalog");
    List<PolicyProblem> out = new ArrayList<>();
    SourceLocation file = SourceLocation.of(policy.source().name());
    Set<String> reported = new LinkedHashSet<>();
    for (String list : List.of("allowed_actions", "forbidden_actions", "escalation_required")) {
      List<String> ids = list.equals("allowed_actions") ? policy.allowedActions()
          : list.equals("forbidden_actions") ? policy.forbiddenActions()
              : policy.escalationRequired();
      for (int i = 0; i < ids.size(); i++) {
        unknownAction(ids.get(i), file, list + "[" + i + "]", catalog, complete, reported, out);
      }
    }
    List<PolicyRule> rules = policy.rules();
    for (int i = 0; i < rules.size(); i++) {
      PolicyRule rule = rules.get(i);
      String path = "rules[" + i + "]";
      if (unknownAction(rule.actionId(), rule.location(), path + ".action", catalog, complete,
          reported, out)) {
        continue;
      }
      ActionDefinition action = catalog.find(rule.actionId()).orElseThrow();
      Optional<Set<String>> known = parameterNames(action);
      if (known.isEmpty()) {
        continue;
      }
      Set<String> named = new LinkedHashSet<>();
      for (ConditionSpec c : rule.conditions()) {
        if (!known.get().contains(c.parameter()) && named.add(c.parameter())) {
          out.add(new PolicyProblem(c.location(), path + ".conditions." + c.parameter(),
              "rule '" + rule.id() + "' has a condition on parameter '" + c.parameter()
                  + "', which action '" + rule.actionId() + "' does not have (its parameters: "
                  + String.join(", ", known.get()) + ")" + suggestion(c.parameter(), known.get())));
        }
      }
      for (String name : rule.parameters().names()) {
        if (!known.get().contains(name) && named.add(name)) {
          out.add(new PolicyProblem(rule.location(), path + ".parameters",
              "rule '" + rule.id() + "' admits parameter '" + name + "', which action '"
                  + rule.actionId() + "' does not have (its parameters: "
                  + String.join(", ", known.get()) + ")" + suggestion(name, known.get())));
        }
      }
    }
    return out;
  }

  private static boolean unknownAction(String id, SourceLocation at, String path,
      ActionCatalog catalog, boolean complete, Set<String> reported, List<PolicyProblem> out) {
    if (catalog.contains(id)) {
      return false;
    }
    String suggestion = suggestion(id, catalog.actionIds());
    if ((complete || !suggestion.isEmpty()) && reported.add(id)) {
      out.add(new PolicyProblem(at, path, "'" + id + "' is not an action of the action"
          + " repository (a typo?)" + suggestion));
    }
    return true;
  }

  /**
   * The names of an action's parameters, if its schema lists its {@code properties} and does
   * not allow others.
   */
  private static Optional<Set<String>> parameterNames(ActionDefinition action) {
    Map<String, Object> schema = action.parameterSchema();
    if (!(schema.get("properties") instanceof Map<?, ?> properties)) {
      return Optional.empty();
    }
    Object additional = schema.get("additionalProperties");
    if (additional != null && !Boolean.FALSE.equals(additional)) {
      return Optional.empty();
    }
    Set<String> names = new LinkedHashSet<>();
    properties.keySet().forEach(k -> names.add(String.valueOf(k)));
    return Optional.of(names);
  }

  /** {@code "; did you mean 'x'?"} for the closest candidate within two edits, else "". */
  static String suggestion(String name, Iterable<String> candidates) {
    String best = null;
    int bestDistance = 3;
    for (String c : candidates) {
      int d = distance(name, c, bestDistance);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best == null ? "" : "; did you mean '" + best + "'?";
  }

  /** The Levenshtein distance, or {@code limit} when it is at least {@code limit}. */
  private static int distance(String a, String b, int limit) {
    if (Math.abs(a.length() - b.length()) >= limit) {
      return limit;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      int rowMin = cur[0];
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
        rowMin = Math.min(rowMin, cur[j]);
      }
      if (rowMin >= limit) {
        return limit;
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return Math.min(prev[b.length()], limit);
  }
}
