package io.ape.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The result of compiling a prompt: the intent it expresses, narrowed by a policy, with the
 * evidence and the parameter values the prompt named.
 *
 * <p>Immutable deep copy, validated on construction: ids well-formed, no id in two of the
 * allowed, forbidden and escalation lists, {@code actions} exactly the allowed and escalation
 * actions in prompt order, parameters only for those actions, scope not blank, confidence in
 * [0, 1]. Escalation actions are part of the intent: a plan may use them, but each such step
 * must be approved through the escalation path before authority is issued.
 *
 * @param actions every action a plan may use (allowed and escalation), in the order the prompt
 *     names them
 * @param allowedActions actions a plan may use without escalation, in prompt order
 * @param forbiddenActions actions the prompt named that the policy (or a negation in the
 *     prompt) forbids
 * @param escalationRequired actions a plan may use only after an approved escalation, in
 *     prompt order
 * @param scope the scope (explicit, or inferred from the prompt)
 * @param description a short, prompt-free summary ({@code "Allow: read_file"})
 * @param confidence mean confidence of the allowed actions (of the escalations if none)
 * @param signals the evidence, in prompt order
 * @param narrowingLog what was removed or moved, and why, in order
 * @param riskFlags risk observations (escalations, instruction-override text, ...)
 * @param parameters per action, the first value the prompt named for each parameter
 * @param alternatives per action and parameter, every value the prompt named (first included)
 * @param policyVersion the version of the policy view used ({@code ""} if unknown)
 *
 * @since 0.1.0
 */
public record CompiledIntent(
    List<String> actions,
    List<String> allowedActions,
    List<String> forbiddenActions,
    List<String> escalationRequired,
    String scope,
    String description,
    double confidence,
    List<IntentSignal> signals,
    List<String> narrowingLog,
    List<String> riskFlags,
    Map<String, Map<String, Object>> parameters,
    Map<String, Map<String, List<Object>>> alternatives,
    String policyVersion) {

  public CompiledIntent {
    actions = ids("actions", actions);
    allowedActions = ids("allowed_actions", allowedActions);
    forbiddenActions = ids("forbidden_actions", forbiddenActions);
    escalationRequired = ids("escalation_required", escalationRequired);
    Set<String> permitted = new HashSet<>(allowedActions);
    for (String e : escalationRequired) {
      if (!permitted.add(e)) {
        throw new IntentCompilationException("action '" + e
            + "' is both allowed and escalation-required");
      }
    }
    for (String f : forbiddenActions) {
      if (permitted.contains(f)) {
        throw new IntentCompilationException("action '" + f + "' is both permitted and forbidden");
      }
    }
    if (!permitted.equals(new HashSet<>(actions))) {
      throw new IntentCompilationException(
          "actions must be exactly the allowed and escalation-required actions");
    }
    Objects.requireNonNull(scope, "scope");
    if (scope.isBlank()) {
      throw new IntentCompilationException("compiled intent scope must not be blank");
    }
    description = description == null ? "" : description;
    if (!(confidence >= 0.0 && confidence <= 1.0)) {
      throw new IntentCompilationException("confidence must be in [0, 1]: " + confidence);
    }
    signals = List.copyOf(signals);
    narrowingLog = List.copyOf(narrowingLog);
    riskFlags = List.copyOf(riskFlags);
    parameters = copyParameters(parameters, permitted);
    alternatives = copyAlternatives(alternatives, permitted);
    policyVersion = policyVersion == null ? "" : policyVersion;
  }

  /** The parameter values the prompt named for {@code actionId} (possibly empty). */
  public Map<String, Object> parametersFor(String actionId) {
    return parameters.getOrDefault(actionId, Map.of());
  }

  /** Every value the prompt named for {@code actionId}'s parameter {@code key} (possibly empty). */
  public List<Object> alternativesFor(String actionId, String key) {
    return alternatives.getOrDefault(actionId, Map.of()).getOrDefault(key, List.of());
  }

  /** Whether {@code actionId} is an escalation of this intent. */
  public boolean requiresEscalation(String actionId) {
    return escalationRequired.contains(actionId);
  }

  /** Whether a plan may use {@code actionId} at all (allowed or escalation-required). */
  public boolean permits(String actionId) {
    return actions.contains(actionId);
  }

  /** The lifecycle intent for {@code tenantId}: the same lists, scope and description. */
  public Intent toIntent(String tenantId) {
    return new Intent(tenantId, allowedActions, forbiddenActions, escalationRequired, scope,
        description, Map.of());
  }

  private static List<String> ids(String field, List<String> ids) {
    Objects.requireNonNull(ids, field);
    Set<String> seen = new HashSet<>();
    for (String id : ids) {
      if (!ActionIds.isValid(id)) {
        throw new IntentCompilationException(field + " contains a malformed action id '"
            + ActionIds.printable(id) + "'");
      }
      if (!seen.add(id)) {
        throw new IntentCompilationException(field + " contains '" + id + "' twice");
      }
    }
    return List.copyOf(ids);
  }

  private static Map<String, Map<String, Object>> copyParameters(
      Map<String, Map<String, Object>> in, Set<String> permitted) {
    if (in == null || in.isEmpty()) {
      return Map.of();
    }
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    in.forEach((action, params) -> {
      if (!permitted.contains(action)) {
        throw new IntentCompilationException("parameters given for action '"
            + ActionIds.printable(action) + "' that the intent does not permit");
      }
      out.put(action, ParameterValues.copyOf(params));
    });
    return Collections.unmodifiableMap(out);
  }

  private static Map<String, Map<String, List<Object>>> copyAlternatives(
      Map<String, Map<String, List<Object>>> in, Set<String> permitted) {
    if (in == null || in.isEmpty()) {
      return Map.of();
    }
    Map<String, Map<String, List<Object>>> out = new LinkedHashMap<>();
    in.forEach((action, byKey) -> {
      if (!permitted.contains(action)) {
        throw new IntentCompilationException("alternatives given for action '"
            + ActionIds.printable(action) + "' that the intent does not permit");
      }
      Map<String, List<Object>> copy = new LinkedHashMap<>();
      byKey.forEach((key, values) -> {
        List<Object> vs = new ArrayList<>();
        for (Object v : values) {
          vs.add(ParameterValues.copyValue(v));
        }
        copy.put(Objects.requireNonNull(key, "parameter key"), Collections.unmodifiableList(vs));
      });
      out.put(action, Collections.unmodifiableMap(copy));
    });
    return Collections.unmodifiableMap(out);
  }
}
