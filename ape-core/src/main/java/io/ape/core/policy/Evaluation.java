package io.ape.core.policy;

import io.ape.api.ActionIds;
import io.ape.api.ActionRequest;
import io.ape.api.ConditionFailure;
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
 *       inspects never gets past it). An ALLOW rule that needs trusted parameters and gets
 *       untrusted ones is a DENY; if the action has rules and none matched: DENY
 *       (NO_RULE_MATCHED) with every failed condition;</li>
 *   <li>{@code allowed_actions}: ALLOW (DENY for untrusted parameters of HIGH/CRITICAL
 *       actions);</li>
 *   <li>the default (an ALLOW flagged "default allow", refused for untrusted parameters of
 *       HIGH/CRITICAL actions);</li>
 *   <li>every ALLOW is then offered to the external evaluators, which may only narrow it.</li>
 * </ol>
 */
final class Evaluation {
  private static final int MAX_FAILURES_IN_REASON = 20;

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
      if (entry.allowedRequiresTrusted && !request.context().parameterProvenance().isTrusted()) {
        if (trace != null) {
          trace.step("it is a high-risk action and the parameters are not trusted: DENY");
        }
        return entry.allowedUntrusted;
      }
      return narrow(external, entry.listDecision, request, p, trace);
    }
    return byDefault(p, external, request, trace);
  }

  private static Decision byRules(CompiledPolicy p, ExternalEvaluators external,
      ActionEntry entry, ActionRequest request, Trace trace) {
    Map<String, Object> params = request.parameters();
    if (trace != null) {
      trace.step(entry.rules.length + " rule(s) for '" + entry.actionId + "', evaluated in file"
          + " order with " + (params.isEmpty() ? "no parameters" : "parameters " + params.keySet()));
    }
    for (CompiledRule rule : entry.rules) {
      int match = trace == null ? rule.match(params) : traceRule(rule, params, trace);
      if (match == CompiledRule.NO_MATCH) {
        continue;
      }
      if (trace != null) {
        trace.step("rule '" + rule.rule.id() + "' matched: " + rule.outcome
            + (match == CompiledRule.MATCH_REFUSED
                ? " (a condition cannot judge its parameter, so it applies)" : ""));
      }
      if (match == CompiledRule.MATCH_REFUSED) {
        return refusedMatch(rule, params);
      }
      if (rule.outcome != Outcome.ALLOW) {
        return rule.matched;
      }
      if (rule.requiresTrusted && !request.context().parameterProvenance().isTrusted()) {
        if (trace != null) {
          trace.step("the rule needs trusted parameters, but they are "
              + request.context().parameterProvenance() + ": DENY");
        }
        return rule.untrustedParameters;
      }
      return narrow(external, rule.matched, request, p, trace);
    }
    if (trace != null) {
      trace.step("no rule matched: DENY (allowed_actions and the default are not consulted)");
    }
    return noRuleMatched(p, entry, params);
  }

  /** Evaluates every condition of a rule, recording each result; same outcome as {@code match}. */
  private static int traceRule(CompiledRule rule, Map<String, Object> params, Trace trace) {
    List<Explanation.ConditionTrace> conditions = new ArrayList<>(rule.conditions.length);
    boolean all = true;
    boolean refused = false;
    for (BoundCondition c : rule.conditions) {
      String failure = failure(c, params);
      boolean holds = failure == null;
      String detail = holds ? "holds" : failure;
      boolean counts = holds;
      if (!holds && cannotJudge(rule, c, params)) {
        counts = true;
        refused = true;
        detail = isAbsent(c, params)
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

  private static boolean isAbsent(BoundCondition c, Map<String, Object> params) {
    return !params.containsKey(c.parameter);
  }

  /**
   * Whether a condition of a DENY/ESCALATE rule, which does not hold, cannot judge its
   * parameter: the parameter is absent (the operator is never called for it), or the operator
   * refuses the present value. Either way the rule applies unless another condition fails.
   */
  private static boolean cannotJudge(CompiledRule rule, BoundCondition c,
      Map<String, Object> params) {
    if (!rule.matchesOnRefusal()) {
      return false;
    }
    return isAbsent(c, params) || c.condition.refuses(params.get(c.parameter));
  }

  /**
   * The decision of a DENY or ESCALATE rule that applies because a condition could not judge
   * its parameter: a deny rule is never bypassed by leaving out the parameter it inspects, nor
   * by a value it cannot read.
   */
  private static Decision refusedMatch(CompiledRule rule, Map<String, Object> params) {
    List<ConditionFailure> refused = new ArrayList<>();
    boolean absent = false;
    boolean unreadable = false;
    StringBuilder reason = new StringBuilder(rule.matched.reason()).append(": ");
    for (BoundCondition c : rule.conditions) {
      String failure = failure(c, params);
      if (failure == null || !cannotJudge(rule, c, params)) {
        continue;
      }
      reason.append(refused.isEmpty() ? "" : "; ");
      refused.add(new ConditionFailure(rule.rule.id(), c.parameter, c.operator, failure));
      if (isAbsent(c, params)) {
        absent = true;
        reason.append(failure);
      } else {
        unreadable = true;
        reason.append("it cannot judge ").append(c.operator).append(' ').append(failure);
      }
    }
    String keyword = rule.outcome.keyword();
    reason.append(", so ").append(keyword).append(" rule '").append(rule.rule.id())
        .append("' applies (");
    if (absent) {
      reason.append("leaving out a parameter a ").append(keyword)
          .append(" rule inspects never gets past it");
    }
    if (unreadable) {
      reason.append(absent ? "; " : "").append("a value a ").append(keyword)
          .append(" rule cannot read never gets past it");
    }
    reason.append(')');
    Decision m = rule.matched;
    return new Decision(m.outcome(), m.actionId(), reason.toString(), m.matchedRule(), refused,
        m.policyVersion(), DecisionSource.RULE);
  }

  /** Why a condition fails, or {@code null} if it holds. */
  private static String failure(BoundCondition c, Map<String, Object> params) {
    Object value = params.get(c.parameter);
    if (value == null && !params.containsKey(c.parameter)) {
      return "parameter '" + c.parameter + "' is absent";
    }
    if (c.condition.test(value)) {
      return null;
    }
    String why = c.condition.describeFailure(value);
    return "parameter '" + c.parameter + "': " + (why == null ? "condition failed" : why);
  }

  /** The DENY when rules exist but none matched, listing every failed condition. */
  private static Decision noRuleMatched(CompiledPolicy p, ActionEntry entry,
      Map<String, Object> params) {
    List<ConditionFailure> failures = new ArrayList<>();
    for (CompiledRule rule : entry.rules) {
      for (BoundCondition c : rule.conditions) {
        String failure = failure(c, params);
        if (failure != null) {
          failures.add(new ConditionFailure(rule.rule.id(), c.parameter, c.operator, failure));
        }
      }
    }
    StringBuilder reason = new StringBuilder(entry.noRuleMatchedReason);
    if (!failures.isEmpty()) {
      reason.append("; failed conditions: ");
      int shown = Math.min(failures.size(), MAX_FAILURES_IN_REASON);
      for (int i = 0; i < shown; i++) {
        ConditionFailure f = failures.get(i);
        if (i > 0) {
          reason.append("; ");
        }
        reason.append("rule '").append(f.ruleId()).append("' ").append(f.operator()).append(": ")
            .append(f.reason());
      }
      if (failures.size() > shown) {
        reason.append("; and ").append(failures.size() - shown).append(" more");
      }
    }
    return new Decision(Outcome.DENY, entry.actionId, reason.toString(), null, failures,
        p.version, DecisionSource.NO_RULE_MATCHED);
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
    if (p.actionRisk != null && !request.context().parameterProvenance().isTrusted()) {
      RiskLevel risk = p.actionRisk.apply(id);
      if (risk != null && risk.requiresTrustedParameters()) {
        if (trace != null) {
          trace.step("'" + id + "' is " + risk + " risk and the parameters are not trusted: DENY");
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
