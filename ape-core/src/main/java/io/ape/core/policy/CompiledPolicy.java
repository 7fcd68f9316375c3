package io.ape.core.policy;

import io.ape.api.Outcome;
import io.ape.api.Policy;
import io.ape.api.PolicyProblem;
import io.ape.api.RiskLevel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A policy compiled into its immutable, indexed form: one hash lookup finds everything the
 * policy says about an action. Built by {@link PolicyCompiler}; never modified afterwards, so
 * it can be shared freely between threads.
 */
final class CompiledPolicy {
  final Policy policy;
  final String version;
  /** The policy's name, or its source name when it has none; for reasons. */
  final String label;
  final Map<String, ActionEntry> entries;
  final Outcome defaultOutcome;
  final String defaultReason;
  /** The reason of a default ALLOW refused for untrusted parameters of a HIGH/CRITICAL action. */
  final String defaultAllowUntrustedReason;
  /** Risk of actions not named by the policy (for default allow); may be null. */
  final Function<String, RiskLevel> actionRisk;
  final Map<String, Set<String>> transitions;
  final Set<String> ruleActions;
  final List<PolicyProblem> warnings;

  CompiledPolicy(Policy policy, String label, Map<String, ActionEntry> entries,
      String defaultReason, String defaultAllowUntrustedReason,
      Function<String, RiskLevel> actionRisk, Map<String, Set<String>> transitions,
      Set<String> ruleActions, List<PolicyProblem> warnings) {
    this.policy = policy;
    this.version = policy.version();
    this.label = label;
    this.entries = entries;
    this.defaultOutcome = policy.defaultDecision();
    this.defaultReason = defaultReason;
    this.defaultAllowUntrustedReason = defaultAllowUntrustedReason;
    this.actionRisk = actionRisk;
    this.transitions = transitions;
    this.ruleActions = ruleActions;
    this.warnings = warnings;
  }
}
