package io.ape.cli;

import io.ape.api.ActionRequest;
import io.ape.api.AuditSettings;
import io.ape.api.ConditionFailure;
import io.ape.api.ConditionSpec;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import io.ape.api.Policy;
import io.ape.api.PolicyProblem;
import io.ape.api.PolicyRule;
import io.ape.api.PolicySource;
import io.ape.api.RateLimitSettings;
import io.ape.api.SourceLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A stand-in for the engine seam: files map to policies or to exceptions, and evaluation
 * follows the list order of DESIGN §4 without conditions (enough to test the CLI's plumbing).
 * Every request is recorded so tests can check what the CLI passed.
 */
final class FakePolicies implements PolicyLoader {
  private final Map<Path, Function<Path, Policy>> files = new HashMap<>();
  final List<ActionRequest> requests = new ArrayList<>();

  FakePolicies with(Path file, Policy policy) {
    files.put(file, p -> policy);
    return this;
  }

  FakePolicies failing(Path file, RuntimeException e) {
    files.put(file, p -> {
      throw e;
    });
    return this;
  }

  @Override
  public LoadedPolicy load(Path file) {
    Function<Path, Policy> f = files.get(file);
    if (f == null) {
      throw new AssertionError("unexpected file " + file);
    }
    Policy policy = f.apply(file);
    return new LoadedPolicy() {
      @Override
      public Policy policy() {
        return policy;
      }

      @Override
      public List<PolicyProblem> warnings() {
        return policy.isDefaultAllow()
            ? List.of(new PolicyProblem(SourceLocation.of(policy.source().name()),
                "default_decision", "default allow: every action the policy does not name is "
                    + "ALLOWED. Use this only for development."))
            : List.of();
      }

      @Override
      public Decision evaluate(ActionRequest request) {
        requests.add(request);
        return decide(policy, request);
      }

      @Override
      public DecisionTrace explain(ActionRequest request) {
        requests.add(request);
        Decision d = decide(policy, request);
        List<DecisionTrace.RuleTrace> rules = new ArrayList<>();
        for (PolicyRule r : policy.rules()) {
          if (r.actionId().equals(request.actionId())) {
            List<DecisionTrace.ConditionTrace> conditions = r.conditions().stream()
                .map(c -> new DecisionTrace.ConditionTrace(c.parameter(), c.operator(),
                    c.argument(), false, "parameter '" + c.parameter() + "' is absent"))
                .toList();
            rules.add(new DecisionTrace.RuleTrace(r.id(), r.decision(), r.location(),
                conditions.isEmpty(), conditions));
          }
        }
        return new DecisionTrace(d, List.of("forbidden_actions: not listed",
            "decided: " + d.source()), rules);
      }
    };
  }

  static Decision decide(Policy p, ActionRequest r) {
    String id = r.actionId();
    String v = p.version();
    if (p.forbiddenActions().contains(id)) {
      return new Decision(Outcome.DENY, id, id + " is forbidden", null, List.of(), v,
          DecisionSource.FORBIDDEN_LIST);
    }
    if (p.escalationRequired().contains(id)) {
      return new Decision(Outcome.ESCALATE, id, id + " requires escalation", null, List.of(), v,
          DecisionSource.ESCALATION_LIST);
    }
    List<ConditionFailure> failures = new ArrayList<>();
    for (PolicyRule rule : p.rules()) {
      if (rule.actionId().equals(id)) {
        if (rule.conditions().isEmpty()) {
          return new Decision(rule.decision(), id, "rule " + rule.id() + " matched", rule.id(),
              List.of(), v, DecisionSource.RULE);
        }
        for (ConditionSpec c : rule.conditions()) {
          failures.add(new ConditionFailure(rule.id(), c.parameter(), c.operator(), "failed"));
        }
      }
    }
    if (!failures.isEmpty()) {
      return new Decision(Outcome.DENY, id, "no rule matched", null, failures, v,
          DecisionSource.NO_RULE_MATCHED);
    }
    if (p.allowedActions().contains(id)) {
      return new Decision(Outcome.ALLOW, id, id + " is allowed", null, List.of(), v,
          DecisionSource.ALLOWED_LIST);
    }
    return new Decision(p.defaultDecision(), id, "default " + p.defaultDecision().keyword(), null,
        List.of(), v, DecisionSource.DEFAULT);
  }

  /** A policy builder for tests. */
  static final class PolicyBuilder {
    private final String file;
    private String name = "test";
    private Outcome defaultDecision = Outcome.DENY;
    private List<String> allowed = List.of();
    private List<String> forbidden = List.of();
    private List<String> escalation = List.of();
    private final List<PolicyRule> rules = new ArrayList<>();
    private Map<String, List<String>> transitions = Map.of();
    private Map<String, Object> metadata = Map.of();
    private List<String> redact = List.of();
    private String sha = "ab".repeat(32);

    PolicyBuilder(String file) {
      this.file = file;
    }

    PolicyBuilder name(String n) {
      name = n;
      return this;
    }

    PolicyBuilder sha(String s) {
      sha = s;
      return this;
    }

    PolicyBuilder defaultDecision(Outcome o) {
      defaultDecision = o;
      return this;
    }

    PolicyBuilder allowed(String... ids) {
      allowed = List.of(ids);
      return this;
    }

    PolicyBuilder forbidden(String... ids) {
      forbidden = List.of(ids);
      return this;
    }

    PolicyBuilder escalation(String... ids) {
      escalation = List.of(ids);
      return this;
    }

    PolicyBuilder rule(String id, String action, Outcome decision, ConditionSpec... conditions) {
      rules.add(new PolicyRule(id, action, decision, List.of(conditions), null, "",
          new SourceLocation(file, 10 + rules.size(), 3)));
      return this;
    }

    PolicyBuilder transitions(Map<String, List<String>> t) {
      transitions = t;
      return this;
    }

    PolicyBuilder metadata(Map<String, Object> m) {
      metadata = m;
      return this;
    }

    PolicyBuilder redact(String... keys) {
      redact = List.of(keys);
      return this;
    }

    Policy build() {
      return new Policy(name, "1.0", "", defaultDecision, allowed, forbidden, escalation, rules,
          transitions, metadata, new AuditSettings(redact), RateLimitSettings.none(),
          new PolicySource(file, "yaml", sha));
    }
  }

  static PolicyBuilder policy(Path file) {
    return new PolicyBuilder(file.toString());
  }

  static ConditionSpec condition(String parameter, String operator, Object argument) {
    return new ConditionSpec(parameter, operator, argument, SourceLocation.of("x"));
  }
}
