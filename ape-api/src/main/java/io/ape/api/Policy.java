package io.ape.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed and validated policy, as produced by a {@code PolicyParser}. The engine compiles it
 * into an immutable index before use.
 *
 * <p>Both accepted file formats map onto this one model: the Python original's
 * ({@code allowed_actions}, {@code forbidden_actions}, {@code escalation_required},
 * {@code default_deny}, {@code tool_transitions}, {@code rules}) and the seed README's
 * ({@code default_decision} with {@code rules}).
 *
 * @param name the policy's name ({@code ""} if absent)
 * @param declaredVersion the {@code version} field as written ({@code ""} if absent)
 * @param description free text ({@code ""} if absent)
 * @param defaultDecision what applies when nothing else matched
 * @param allowedActions {@code allowed_actions}, in file order
 * @param forbiddenActions {@code forbidden_actions}, in file order
 * @param escalationRequired {@code escalation_required}, in file order
 * @param rules {@code rules}, in file order
 * @param toolTransitions tool id → tool ids allowed to follow it within a plan
 * @param metadata free-form metadata (deep, unmodifiable)
 * @param audit the audit section
 * @param rateLimits the rate-limit section
 * @param source where the policy came from, and its digest
 * @param combining how the rules of one action combine ({@code combining:}; since 0.2.0)
 * @param defaultParameters the parameter set of rules that do not say
 *     ({@code default_parameters:}, {@link ParameterSet.Kind#OPEN} or
 *     {@link ParameterSet.Kind#CLOSED}; since 0.2.0)
 *
 * @since 0.1.0
 */
public record Policy(
    String name,
    String declaredVersion,
    String description,
    Outcome defaultDecision,
    List<String> allowedActions,
    List<String> forbiddenActions,
    List<String> escalationRequired,
    List<PolicyRule> rules,
    Map<String, List<String>> toolTransitions,
    Map<String, Object> metadata,
    AuditSettings audit,
    RateLimitSettings rateLimits,
    PolicySource source,
    CombiningAlgorithm combining,
    ParameterSet.Kind defaultParameters) {

  /** A first-match policy whose rules are open by default (the form before 0.2.0). */
  public Policy(String name, String declaredVersion, String description, Outcome defaultDecision,
      List<String> allowedActions, List<String> forbiddenActions, List<String> escalationRequired,
      List<PolicyRule> rules, Map<String, List<String>> toolTransitions,
      Map<String, Object> metadata, AuditSettings audit, RateLimitSettings rateLimits,
      PolicySource source) {
    this(name, declaredVersion, description, defaultDecision, allowedActions, forbiddenActions,
        escalationRequired, rules, toolTransitions, metadata, audit, rateLimits, source,
        CombiningAlgorithm.FIRST_MATCH, ParameterSet.Kind.OPEN);
  }

  public Policy {
    name = name == null ? "" : name;
    declaredVersion = declaredVersion == null ? "" : declaredVersion;
    description = description == null ? "" : description;
    Objects.requireNonNull(defaultDecision, "defaultDecision");
    allowedActions = List.copyOf(allowedActions);
    forbiddenActions = List.copyOf(forbiddenActions);
    escalationRequired = List.copyOf(escalationRequired);
    rules = List.copyOf(rules);
    toolTransitions = copyTransitions(toolTransitions);
    metadata = ParameterValues.copyOf(metadata);
    audit = audit == null ? AuditSettings.none() : audit;
    rateLimits = rateLimits == null ? RateLimitSettings.none() : rateLimits;
    Objects.requireNonNull(source, "source");
    combining = combining == null ? CombiningAlgorithm.FIRST_MATCH : combining;
    defaultParameters = defaultParameters == null || defaultParameters == ParameterSet.Kind.DEFAULT
        ? ParameterSet.Kind.OPEN : defaultParameters;
  }

  /** The policy version used in decisions and audit records: the source's SHA-256. */
  public String version() {
    return source.sha256();
  }

  /** {@code true} if unlisted actions are allowed (a development-only setting). */
  public boolean isDefaultAllow() {
    return defaultDecision == Outcome.ALLOW;
  }

  private static Map<String, List<String>> copyTransitions(Map<String, List<String>> in) {
    if (in == null || in.isEmpty()) {
      return Map.of();
    }
    java.util.LinkedHashMap<String, List<String>> out = new java.util.LinkedHashMap<>();
    in.forEach((k, v) -> out.put(Objects.requireNonNull(k), List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(out);
  }
}
