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
 * @since 0.2.0
 */
public record RefusedCall(String tool, String origin, String kind, String rule, String reason) {
  static RefusedCall of(ScriptedAgent.Step step) {
    ToolCallOutcome.Why why = step.outcome().why();
    return new RefusedCall(step.call().function(), step.origin().name().toLowerCase(java.util.Locale.ROOT),
        why == null ? "REFUSED" : why.kind(), why == null ? "" : why.rule(),
        why == null ? step.outcome().message() : why.reason());
  }
}
