package io.ape.core.policy;

import io.ape.api.Decision;

/** Everything the policy says about one action id, precomputed at load. Immutable. */
final class ActionEntry {
  /** Which of the policy's lists names the action. */
  enum Listing { FORBIDDEN, ESCALATION, ALLOWED, NONE }

  final String actionId;
  final Listing listing;
  /** The rules for the action, in file order (possibly empty). */
  final CompiledRule[] rules;
  /** The decision of the listing (null for {@link Listing#NONE}). */
  final Decision listDecision;
  /** For ALLOWED: whether the parameters must be trusted (the action is HIGH or CRITICAL). */
  final boolean allowedRequiresTrusted;
  /** For ALLOWED: the DENY when they are not. */
  final Decision allowedUntrusted;
  /** The start of the reason of a NO_RULE_MATCHED denial. */
  final String noRuleMatchedReason;

  ActionEntry(String actionId, Listing listing, CompiledRule[] rules, Decision listDecision,
      boolean allowedRequiresTrusted, Decision allowedUntrusted, String noRuleMatchedReason) {
    this.actionId = actionId;
    this.listing = listing;
    this.rules = rules;
    this.listDecision = listDecision;
    this.allowedRequiresTrusted = allowedRequiresTrusted;
    this.allowedUntrusted = allowedUntrusted;
    this.noRuleMatchedReason = noRuleMatchedReason;
  }
}
