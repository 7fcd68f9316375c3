package io.ape.bench;

import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import io.ape.api.RequestContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

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
      DecisionSource.NO_RULE_MATCHED, null),
  /** {@code email_domain_in} on one address: ALLOW. */
  EMAIL_DOMAIN_IN_ALLOW("mail_", i -> Map.of("to", "bob@acme" + i + ".example"), null),
  /** {@code each: {email_domain_in}} on a list of two addresses: ALLOW. */
  EACH_ALLOW("each_", i -> Map.of("to", List.of("a@acme" + i + ".example",
      "b@acme" + i + ".example")), null),
  /** {@code any: {email_domain_in}} on a list of two addresses, the second matching: ALLOW. */
  ANY_ALLOW("any_", i -> Map.of("to", List.of("a@other.example", "b@acme" + i + ".example")),
      null),
  /** {@code count: {max: 5}} on a list of three: ALLOW. */
  COUNT_ALLOW("count_", i -> Map.of("to", List.of("a", "b", "c")), null),
  /** {@code present: true}: ALLOW. */
  PRESENT_ALLOW("present_", i -> Map.of("ticket", "T-" + i), null),
  /** {@code absent: true} for {@code cc}: ALLOW. */
  ABSENT_ALLOW("absent_", i -> Map.of("to", "a"), null),
  /** A parameter's {@code provenance: trusted}, the parameter typed by the user: ALLOW. */
  PROVENANCE_ALLOW("trusted_", i -> Map.of("recipient", "alice"), RequestContext.userTrusted()),
  /** A closed rule ({@code parameters: closed}) whose parameters are all admitted: ALLOW. */
  CLOSED_ALLOW("closed_", i -> Map.of("to", "a", "subject", "s"), null),
  /** {@code path_within: /srv/${tenant}} for the request's tenant: ALLOW. */
  CONTEXT_VALUE_ALLOW("tenant_", i -> Map.of("path", "/srv/acme/a.txt"),
      RequestContext.untrusted().withTenant("acme")),
  /** {@code each: {email_domain_in}} with one address outside: DENY listing the failure. */
  EACH_NO_MATCH("each_", i -> Map.of("to", List.of("a@acme" + i + ".example",
      "e@evil.example")), null, Outcome.DENY, DecisionSource.NO_RULE_MATCHED);

  private final String actionPrefix;
  private final String parameter;
  private final String valueFormat;
  private final Outcome outcome;
  private final DecisionSource source;
  private final String ruleFormat;
  private final IntFunction<Map<String, Object>> parameters;
  private final RequestContext context;

  EvaluationPath(String actionPrefix, String parameter, String valueFormat, Outcome outcome,
      DecisionSource source, String ruleFormat) {
    this.actionPrefix = actionPrefix;
    this.parameter = parameter;
    this.valueFormat = valueFormat;
    this.outcome = outcome;
    this.source = source;
    this.ruleFormat = ruleFormat;
    this.parameters = null;
    this.context = RequestContext.untrusted();
  }

  /** A path through one of the {@link PolicyFixtures#operatorRules(int)} rules: ALLOW by it. */
  EvaluationPath(String actionPrefix, IntFunction<Map<String, Object>> parameters,
      RequestContext context) {
    this(actionPrefix, parameters, context, Outcome.ALLOW, DecisionSource.RULE);
  }

  EvaluationPath(String actionPrefix, IntFunction<Map<String, Object>> parameters,
      RequestContext context, Outcome outcome, DecisionSource source) {
    this.actionPrefix = actionPrefix;
    this.parameter = null;
    this.valueFormat = null;
    this.outcome = outcome;
    this.source = source;
    this.ruleFormat = outcome == Outcome.ALLOW ? actionPrefix + "%d" : null;
    this.parameters = parameters;
    this.context = context == null ? RequestContext.untrusted() : context;
  }

  /** The request's context (default tenant, untrusted parameters, unless the path says). */
  public RequestContext context() {
    return context;
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
    if (parameters != null) {
      return parameters.apply(index(actions));
    }
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
