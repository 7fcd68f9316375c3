package io.ape.bench;

import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import java.util.Locale;
import java.util.Map;

/**
 * One way through {@code PolicyEngine.evaluate} on a policy of {@link PolicyFixtures}: the
 * action and parameters of the request and the decision it must get. The action is the one in
 * the middle of its group, so on a large policy it is neither the first nor the last entry.
 */
public enum EvaluationPath {
  /** {@code allowed_actions}, no conditions: ALLOW. */
  ALLOWED_LIST("allowed_", null, null, Outcome.ALLOW, DecisionSource.ALLOWED_LIST, null),
  /** {@code forbidden_actions}, no conditions: DENY. */
  FORBIDDEN_LIST("forbidden_", null, null, Outcome.DENY, DecisionSource.FORBIDDEN_LIST, null),
  /** An action the policy does not name: the default DENY. */
  UNLISTED_DEFAULT("unlisted_", null, null, Outcome.DENY, DecisionSource.DEFAULT, null),
  /** A {@code prefix} rule whose condition holds: ALLOW. */
  PREFIX_ALLOW("read_", "path", "/srv/tenant%d/reports/q3.csv", Outcome.ALLOW,
      DecisionSource.RULE, "read_%d"),
  /** A {@code prefix} rule whose condition fails: DENY listing the failed condition. */
  PREFIX_NO_MATCH("read_", "path", "/etc/passwd", Outcome.DENY, DecisionSource.NO_RULE_MATCHED,
      null),
  /** The second rule ({@code path_within}) matches after the first one's condition failed. */
  PATH_WITHIN_ALLOW("open_", "path", "/srv/tenant%d/reports/q3.csv", Outcome.ALLOW,
      DecisionSource.RULE, "open_%d"),
  /** The first rule, a DENY rule with a {@code path_within} condition, matches. */
  PATH_WITHIN_DENY_RULE("open_", "path", "/srv/tenant%d/secrets/key.pem", Outcome.DENY,
      DecisionSource.RULE, "open_%d_secrets"),
  /** A {@code ..} traversal out of the tenant's directory: no rule matches, DENY. */
  PATH_WITHIN_NO_MATCH("open_", "path", "/srv/tenant%d/../tenant0-x/key.pem", Outcome.DENY,
      DecisionSource.NO_RULE_MATCHED, null),
  /** A {@code domain_in} rule whose condition holds for the URL's host: ALLOW. */
  DOMAIN_IN_ALLOW("fetch_", "url", "https://api%d.example.com/v1/items?limit=10", Outcome.ALLOW,
      DecisionSource.RULE, "fetch_%d"),
  /** A {@code domain_in} rule whose condition fails: DENY listing the failed condition. */
  DOMAIN_IN_NO_MATCH("fetch_", "url", "https://evil.example.net/upload", Outcome.DENY,
      DecisionSource.NO_RULE_MATCHED, null);

  private final String actionPrefix;
  private final String parameter;
  private final String valueFormat;
  private final Outcome outcome;
  private final DecisionSource source;
  private final String ruleFormat;

  EvaluationPath(String actionPrefix, String parameter, String valueFormat, Outcome outcome,
      DecisionSource source, String ruleFormat) {
    this.actionPrefix = actionPrefix;
    this.parameter = parameter;
    this.valueFormat = valueFormat;
    this.outcome = outcome;
    this.source = source;
    this.ruleFormat = ruleFormat;
  }

  /** The index, within its group, of the action used on a policy of {@code actions} actions. */
  public static int index(int actions) {
    return actions / PolicyFixtures.GROUPS / 2;
  }

  /** The action id requested on a policy of {@code actions} actions. */
  public String actionId(int actions) {
    return actionPrefix + index(actions);
  }

  /** The request's parameters on a policy of {@code actions} actions (possibly empty). */
  public Map<String, Object> parameters(int actions) {
    return parameter == null ? Map.of()
        : Map.of(parameter, String.format(Locale.ROOT, valueFormat, index(actions)));
  }

  /** The outcome the request must get. */
  public Outcome expectedOutcome() {
    return outcome;
  }

  /** The evaluation step that must decide. */
  public DecisionSource expectedSource() {
    return source;
  }

  /** The id of the rule that must decide, or {@code null} if no rule decides. */
  public String expectedRule(int actions) {
    return ruleFormat == null ? null : String.format(Locale.ROOT, ruleFormat, index(actions));
  }
}
