package io.ape.agentdojo.run;

/**
 * A call of a run that the tool caller refused, with the operator's view of why.
 *
 * @param tool the tool
 * @param origin {@code user} (a call of the user task) or {@code injection} (a call the agent
 *     made because it obeyed the injection)
 * @param kind the kind of refusal, e.g. {@code DENIED} or {@code ESCALATION_DENIED}
 * @param rule the rule that decided, or how the decision was reached (e.g. {@code NO_RULE_MATCHED})
 * @param reason the full reason
 * @param labels the provenance label of each argument, when the caller judged them
 * @since 0.2.0
 */
public record RefusedCall(
    String tool, String origin, String kind, String rule, String reason, java.util.Map<String, String> labels) {
  public RefusedCall {
    labels = labels == null ? java.util.Map.of()
        : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
  }

  static RefusedCall of(ScriptedAgent.Step step) {
    ToolCallOutcome.Why why = step.outcome().why();
    return new RefusedCall(step.call().function(), step.origin().name().toLowerCase(java.util.Locale.ROOT),
        why == null ? "REFUSED" : why.kind(), why == null ? "" : why.rule(),
        why == null ? step.outcome().message() : why.reason(), why == null ? null : why.labels());
  }
}
