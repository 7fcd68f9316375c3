package io.ape.core.policy;

import io.ape.api.ActionIds;
import io.ape.api.ActionRequest;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import io.ape.api.RiskLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The evaluation order of DESIGN §4, in one place, shared by {@code evaluate} (no trace: the
 * hot path, one hash lookup, precomputed decisions, no allocation when a rule or list decides)
 * and {@code explain} (with a trace).
 *
 * <ol>
 *   <li>a malformed action id is DENY (INVALID_REQUEST);</li>
 *   <li>{@code forbidden_actions}: DENY;</li>
 *   <li>{@code escalation_required}: ESCALATE;</li>
 *   <li>the action's rules in file order, evaluated with or without parameters: the first
 *       rule whose conditions all hold decides. A condition <em>cannot judge</em> an absent
 *       parameter, nor a value its operator refuses (wrong type, control characters, ...):
 *       that fails an ALLOW rule, but a DENY or ESCALATE rule applies when each of its
 *       conditions holds or cannot judge (leaving out or garbling the parameter a deny rule
 *       inspects never gets past it). A closed rule does not match a request with a
 *       parameter it does not admit. An ALLOW rule whose parameters are not trusted as its
 *       {@link TrustRequirement} says is a DENY; if the action has rules and none matched: DENY
 *       (NO_RULE_MATCHED) with every failed condition of the rules that could have allowed
 *       it. With {@code combining: deny_overrides} the rules were put in the order DENY,
 *       ESCALATE, ALLOW at load, so the same loop implements it;</li>
 *   <li>{@code allowed_actions}: ALLOW (DENY for untrusted parameters of HIGH/CRITICAL
 *       actions);</li>
 *   <li>the default (an ALLOW flagged "default allow", refused for untrusted parameters of
 *       HIGH/CRITICAL actions);</li>
 *   <li>every ALLOW is then offered to the external evaluators, which may only narrow it.</li>
 * </ol>
 */
final class Evaluation {
  private Evaluation() {}

  static Decision decide(CompiledPolicy p, ExternalEvaluators external, ActionRequest request,
      Trace trace) {
    String id = request.actionId();
    ActionEntry entry = p.entries.get(id);
    if (entry == null) {
      if (!ActionIds.isValid(id)) {
        if (trace != null) {
          trace.step("action id '" + ActionIds.printable(id) + "' is malformed");
        }
        return invalidActionId(id, p.version);
      }
      if (trace != null) {
        trace.step("'" + id + "' is in no list of the policy and has no rules");
      }
      return byDefault(p, external, request, trace);
    }
    switch (entry.listing) {
      case FORBIDDEN:
        if (trace != null) {
          trace.step("'" + id + "' is in forbidden_actions");
        }
        return entry.listDecision;
      case ESCALATION:
        if (trace != null) {
          trace.step("'" + id + "' is not in forbidden_actions; it is in escalation_required");
        }
        return entry.listDecision;
      default:
        break;
    }
    if (trace != null) {
      trace.step("'" + id + "' is in neither forbidden_actions nor escalation_required");
    }
    if (entry.rules.length > 0) {
      return byRules(p, external, entry, request, trace);
    }
    if (entry.listing == ActionEntry.Listing.ALLOWED) {
      if (trace != null) {
        trace.step("'" + id + "' has no rules; it is in allowed_actions");
      }
      if (entry.allowedTrust != null && !entry.allowedTrust.isSatisfiedBy(request)) {
        if (trace != null) {
          trace.step("it is a high-risk action and " + String.join(", ",
              entry.allowedTrust.untrusted(request)) + " not trusted: DENY");
        }
        return entry.allowedUntrusted(request);
      }
      return narrow(external, entry.listDecision, request, p, trace);
    }
    return byDefault(p, external, request, trace);
  }

  private static Decision byRules(CompiledPolicy p, ExternalEvaluators external,
      ActionEntry entry, ActionRequest request, Trace trace) {
    if (trace != null) {
      Map<String, Object> params = request.parameters();
      trace.step(entry.rules.length + " rule(s) for '" + entry.actionId + "', evaluated "
          + (p.policy.combining() == io.ape.api.CombiningAlgorithm.DENY_OVERRIDES
              ? "deny rules first, then escalate, then allow (combining: deny_overrides)"
              : "in file order")
          + " with " + (params.isEmpty() ? "no parameters" : "parameters " + params.keySet()));
    }
    for (CompiledRule rule : entry.rules) {
      int match = trace == null ? rule.match(request) : traceRule(rule, request, trace);
      if (match == CompiledRule.NO_MATCH) {
        continue;
      }
      if (trace != null) {
        trace.step("rule '" + rule.rule.id() + "' matched: " + rule.outcome
            + (match == CompiledRule.MATCH_REFUSED
                ? " (a condition cannot judge its parameter, so it applies)" : ""));
      }
      if (match == CompiledRule.MATCH_REFUSED) {
        return rule.refusedMatch(request);
      }
      if (rule.outcome != Outcome.ALLOW) {
        return rule.matched;
      }
      if (rule.trust != null && !rule.trust.isSatisfiedBy(request)) {
        if (trace != null) {
          trace.step("the rule needs trusted parameters, but " + String.join(", ",
              rule.trust.untrusted(request)) + " not trusted: " + rule.rule.onUntrusted()
              + (rule.rule.onUntrusted() == Outcome.ESCALATE ? " (on_untrusted: escalate)" : ""));
        }
        return rule.untrustedDecision(request);
      }
      return narrow(external, rule.matched, request, p, trace);
    }
    if (trace != null) {
      trace.step("no rule matched: DENY (allowed_actions and the default are not consulted)");
    }
    return entry.noRuleMatched(request);
  }

  /** Evaluates every condition of a rule, recording each result; same outcome as {@code match}. */
  private static int traceRule(CompiledRule rule, ActionRequest request, Trace trace) {
    List<Explanation.ConditionTrace> conditions = new ArrayList<>(rule.conditions.length + 1);
    boolean all = true;
    boolean refused = false;
    String unadmitted = rule.firstUnadmitted(request);
    if (unadmitted != null) {
      all = false;
      conditions.add(new Explanation.ConditionTrace(unadmitted, "parameters",
          rule.rule.location(), false, rule.unadmitted(unadmitted).reason()));
    }
    for (BoundCondition c : rule.conditions) {
      String failure = c.failure(request);
      boolean holds = failure == null;
      String detail = holds ? "holds" : failure;
      boolean counts = holds;
      if (!holds && rule.cannotJudge(c, request)) {
        counts = true;
        refused = true;
        detail = c.isAbsentFrom(request)
            ? "cannot judge an absent parameter (" + failure + "); a " + rule.outcome.keyword()
                + " rule applies when a parameter it inspects is absent"
            : "cannot judge the value (" + failure + "); a " + rule.outcome.keyword()
                + " rule applies to values it cannot judge";
      }
      conditions.add(new Explanation.ConditionTrace(c.parameter, c.operator, c.location,
          holds, detail));
      all &= counts;
    }
    trace.rules.add(new Explanation.RuleTrace(rule.rule.id(), rule.outcome, rule.rule.location(),
        all, conditions));
    if (!all) {
      trace.step("rule '" + rule.rule.id() + "' (" + rule.outcome.keyword()
          + ") did not match; continuing");
      return CompiledRule.NO_MATCH;
    }
    return refused ? CompiledRule.MATCH_REFUSED : CompiledRule.MATCH;
  }

  private static Decision byDefault(CompiledPolicy p, ExternalEvaluators external,
      ActionRequest request, Trace trace) {
    String id = request.actionId();
    if (trace != null) {
      trace.step("the policy default applies: " + p.defaultOutcome);
    }
    if (p.defaultOutcome != Outcome.ALLOW) {
      return new Decision(p.defaultOutcome, id, p.defaultReason, null, List.of(), p.version,
          DecisionSource.DEFAULT);
    }
    if (p.actionRisk != null && !TrustRequirement.ALL.isSatisfiedBy(request)) {
      RiskLevel risk = p.actionRisk.apply(id);
      if (risk != null && risk.requiresTrustedParameters()) {
        if (trace != null) {
          trace.step("'" + id + "' is " + risk + " risk and " + String.join(", ",
              TrustRequirement.ALL.untrusted(request)) + " not trusted: DENY");
        }
        return new Decision(Outcome.DENY, id, p.defaultAllowUntrustedReason, null, List.of(),
            p.version, DecisionSource.DEFAULT);
      }
    }
    return narrow(external, new Decision(Outcome.ALLOW, id, p.defaultReason, null, List.of(),
        p.version, DecisionSource.DEFAULT), request, p, trace);
  }

  private static Decision narrow(ExternalEvaluators external, Decision allow,
      ActionRequest request, CompiledPolicy p, Trace trace) {
    if (external == null || external.isEmpty()) {
      return allow;
    }
    if (trace != null) {
      trace.step("the policy allows; consulting the external evaluators (they can only narrow)");
    }
    return external.narrow(allow, request, p.policy, trace);
  }

  static Decision invalidActionId(String id, String version) {
    return Decision.deny(String.valueOf(id), "malformed action id '" + ActionIds.printable(id)
        + "': an action id must match " + ActionIds.pattern()
        + " exactly (no whitespace, no line breaks, no look-alike characters)",
        DecisionSource.INVALID_REQUEST, version);
  }
}
