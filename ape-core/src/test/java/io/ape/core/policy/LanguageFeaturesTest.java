package io.ape.core.policy;

import static io.ape.core.policy.LanguageAttacksTest.engine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ape.api.ActionParameterException;
import io.ape.api.ActionRequest;
import io.ape.api.ConditionFailure;
import io.ape.api.Decision;
import io.ape.api.DecisionSource;
import io.ape.api.Outcome;
import io.ape.api.ParameterValues;
import io.ape.api.PolicyProblem;
import io.ape.api.PolicyValidationException;
import io.ape.api.Provenance;
import io.ape.api.RequestContext;
import io.ape.core.actions.StandardActions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The second edition's features one by one: lazy reasons, lint, load errors, explain. */
class LanguageFeaturesTest {

  // ---------------------------------------------------------------- lazy reasons

  private static final PolicyEngine TMP = engine("""
      rules:
        - id: tmp
          action: write_file
          decision: allow
          conditions:
            path: { prefix: /tmp/ }
      """);

  @Test
  void aDenyReasonIsRenderedOnceAndIsTheSameForEveryThread() throws Exception {
    Decision d = TMP.evaluate("write_file", Map.of("path", "/etc/passwd"));
    int threads = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<String>> reasons = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        reasons.add(pool.submit(() -> {
          start.await(5, TimeUnit.SECONDS);
          return d.reason();
        }));
      }
      start.countDown();
      Set<String> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      for (Future<String> f : reasons) {
        seen.add(f.get(5, TimeUnit.SECONDS));
      }
      assertThat(seen).hasSize(1);
      assertThat(seen.iterator().next()).startsWith("no rule for 'write_file' matched")
          .contains("'/etc/passwd' does not start with '/tmp/'");
    } finally {
      pool.shutdownNow();
    }
    assertThat(d.failedConditions()).singleElement()
        .extracting(ConditionFailure::ruleId).isEqualTo("tmp");
  }

  @Test
  void aLazyDecisionEqualsTheEagerDecisionWithTheSameText() {
    Decision lazy = TMP.evaluate("write_file", Map.of("path", "/etc/passwd"));
    Decision eager = new Decision(lazy.outcome(), lazy.actionId(), lazy.reason(),
        lazy.matchedRule(), lazy.failedConditions(), lazy.policyVersion(), lazy.source());
    assertThat(lazy).isEqualTo(eager).hasSameHashCodeAs(eager);
    assertThat(eager.toString()).isEqualTo(lazy.toString()).startsWith("Decision[outcome=DENY,");
  }

  @Test
  void anExplainerThatFailsGivesAReasonNotAnException() {
    Decision.Explainer broken = new Decision.Explainer() {
      @Override
      public String reason(ActionRequest request) {
        throw new IllegalStateException("boom");
      }

      @Override
      public List<ConditionFailure> failedConditions(ActionRequest request) {
        throw new IllegalStateException("boom");
      }
    };
    Decision d = Decision.explained(Outcome.DENY, "x", null, "", DecisionSource.RULE, broken,
        ActionRequest.of("x"));
    assertThat(d.reason()).contains("could not be rendered");
    assertThat(d.failedConditions()).isEmpty();
    assertThat(d.isAllowed()).isFalse();
  }

  // ---------------------------------------------------------------- numbers at the API boundary

  @Test
  void atomicNumbersAreReadOnceAndOtherNumberTypesAreRefused() {
    AtomicInteger counter = new AtomicInteger(5);
    Map<String, Object> copy = ParameterValues.copyOf(Map.of("n", counter,
        "l", new AtomicLong(7)));
    counter.set(5000);
    assertThat(copy).containsEntry("n", 5).containsEntry("l", 7L);
    Number custom = new Number() {
      @Override
      public int intValue() {
        return 1;
      }

      @Override
      public long longValue() {
        return 1;
      }

      @Override
      public float floatValue() {
        return 1;
      }

      @Override
      public double doubleValue() {
        return 1;
      }
    };
    assertThatThrownBy(() -> ParameterValues.copyOf(Map.of("n", custom)))
        .isInstanceOf(ActionParameterException.class).hasMessageContaining("number type");
    assertThat(TMP.evaluate("write_file", Map.of("path", "/tmp/a", "n", custom)).source())
        .isEqualTo(DecisionSource.INVALID_REQUEST);
  }

  // ---------------------------------------------------------------- shadowed rules

  private static List<String> warnings(String yaml) {
    return engine(yaml).warnings().stream().map(PolicyProblem::message).toList();
  }

  @Test
  void theSimpleShadowsAreReportedAndOnlyThem() {
    String shadowPrefix = """
        rules:
          - {id: broad, action: a, decision: allow, conditions: {p: {prefix: /srv/}}}
          - {id: narrow, action: a, decision: deny, conditions: {p: {prefix: /srv/secret/}}}
        """;
    assertThat(warnings(shadowPrefix)).anySatisfy(w -> assertThat(w)
        .startsWith("rule 'narrow' (deny) is shadowed by rule 'broad'")
        .contains("set combining: deny_overrides"));
    String sameAllow = """
        rules:
          - {id: first, action: a, decision: allow, conditions: {n: {max: 10}}}
          - {id: second, action: a, decision: allow, conditions: {n: {max: 5}, m: {equals: x}}}
        """;
    assertThat(warnings(sameAllow)).anySatisfy(w -> assertThat(w)
        .startsWith("rule 'second' is never reached: rule 'first'"));
    String oneOf = """
        rules:
          - {id: wide, action: a, decision: escalate, conditions: {f: {one_of: [a, b, c]}}}
          - {id: sub, action: a, decision: deny, conditions: {f: {one_of: [a, b]}}}
        """;
    assertThat(warnings(oneOf)).anySatisfy(w -> assertThat(w).contains("'sub' (deny) is shadowed"));
    String domains = """
        rules:
          - {id: hosts, action: a, decision: allow, conditions: {u: {domain_in: [x.com, y.com]}}}
          - {id: one, action: a, decision: deny, conditions: {u: {domain_in: [x.com]}}}
        """;
    assertThat(warnings(domains)).anySatisfy(w -> assertThat(w).contains("'one' (deny) is shadowed"));
    // not shadowed: a narrower earlier rule, another parameter, a closed earlier rule, deny_overrides
    for (String fine : List.of("""
        rules:
          - {id: narrow, action: a, decision: allow, conditions: {p: {prefix: /srv/a/}}}
          - {id: broad, action: a, decision: deny, conditions: {p: {prefix: /srv/}}}
        """, """
        rules:
          - {id: x, action: a, decision: allow, conditions: {p: {prefix: /srv/}}}
          - {id: y, action: a, decision: deny, conditions: {q: {prefix: /srv/}}}
        """, """
        rules:
          - {id: x, action: a, decision: allow, parameters: closed, conditions: {p: {prefix: /s/}}}
          - {id: y, action: a, decision: deny, conditions: {p: {prefix: /s/t/}}}
        """, """
        combining: deny_overrides
        rules:
          - {id: x, action: a, decision: allow, conditions: {p: {path_within: /srv}}}
          - {id: y, action: a, decision: deny, conditions: {p: {path_within: /srv/secret}}}
        """)) {
      assertThat(warnings(fine)).as(fine).noneMatch(w -> w.contains("shadowed")
          || w.contains("never reached"));
    }
  }

  // ---------------------------------------------------------------- lint against a catalog

  @Test
  void theLintFindsTyposAndParametersTheActionDoesNotHave() {
    io.ape.api.Policy policy = engine("""
        allowed_actions: [list_directorie]
        rules:
          - id: mail
            action: send_email
            decision: allow
            parameters: [subjekt]
            conditions:
              too: { each: { email_domain_in: [acme.com] } }
          - id: mine
            action: my_own_tool
            decision: allow
        """).policy();
    var catalog = StandardActions.createRepository();
    List<String> partial = PolicyLint.check(policy, catalog, false).stream()
        .map(PolicyProblem::message).toList();
    assertThat(partial).anySatisfy(m -> assertThat(m).contains("'list_directorie'")
        .contains("did you mean 'list_directory'?"))
        .anySatisfy(m -> assertThat(m).contains("parameter 'too'")
            .contains("did you mean 'to'?"))
        .anySatisfy(m -> assertThat(m).contains("admits parameter 'subjekt'"))
        .noneSatisfy(m -> assertThat(m).contains("my_own_tool"));
    assertThat(PolicyLint.check(policy, catalog)).extracting(PolicyProblem::message)
        .anySatisfy(m -> assertThat(m).contains("'my_own_tool' is not an action"));
  }

  // ---------------------------------------------------------------- load errors

  @Test
  void wrongUsesOfTheNewKeysAreLoadErrorsWithTheirLocation() {
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("{action: a, decision: allow, conditions: {x: {present: false}}}",
        "present takes only 'true'");
    cases.put("{action: a, decision: allow, conditions: {x: {provenance: maybe}}}",
        "provenance must be 'trusted', 'untainted' or 'any'");
    cases.put("{action: a, decision: allow, provenance: trusted, conditions: {x: {provenance: any}}}",
        "contradicts the rule's provenance: trusted");
    cases.put("{action: a, decision: allow, conditions: {x: {each: {present: true}}}}",
        "speaks about a parameter, not a value");
    cases.put("{action: a, decision: allow, conditions: {x: {each: {nope: 1}}}}",
        "unknown operator 'nope' for the elements");
    cases.put("{action: a, decision: allow, conditions: {x: {each: {max: big}}}}",
        "each: max needs a finite number");
    cases.put("{action: a, decision: allow, conditions: {x: {count: {max: 1, min: 2}}}}",
        "min 2 is greater than max 1");
    cases.put("{action: a, decision: allow, conditions: {x: {count: {most: 1}}}}",
        "unknown key 'most'");
    cases.put("{action: a, decision: allow, conditions: {x: {email_domain_in: [bob@acme.com]}}}",
        "is not a host name (write hosts, not URLs or addresses)");
    cases.put("{action: a, decision: allow, conditions: {x: {prefix: '${tenant'}}}",
        "unknown context value");
    cases.put("{action: a, decision: allow, conditions: {x: {path_within: 'srv/${tenant}'}}}",
        "is not an absolute path");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      assertThatThrownBy(() -> engine("rules:\n  - " + c.getKey() + "\n"))
          .as(c.getKey()).isInstanceOf(PolicyValidationException.class)
          .hasMessageContaining(c.getValue()).hasMessageContaining("attack.yaml:2:");
    }
  }

  // ---------------------------------------------------------------- explain

  @Test
  void explainShowsClosedParametersAndTheTrustCheck() {
    PolicyEngine engine = engine("""
        rules:
          - id: pay
            action: send_money
            decision: allow
            parameters: closed
            conditions:
              recipient: { provenance: trusted, one_of: [alice] }
        """);
    Explanation extra = engine.explain(ActionRequest.of("send_money",
        Map.of("recipient", "alice", "memo", "x"), RequestContext.userTrusted()));
    assertThat(extra.decision().outcome()).isEqualTo(Outcome.DENY);
    assertThat(extra.rules().get(0).conditions()).anySatisfy(c -> {
      assertThat(c.operator()).isEqualTo("parameters");
      assertThat(c.detail()).contains("parameter 'memo' is not admitted");
    });
    Explanation untrusted = engine.explain(ActionRequest.of("send_money",
        Map.of("recipient", "alice"), RequestContext.userTrusted()
            .withParameterLabels(Map.of("recipient", Provenance.MODEL_GENERATED))));
    assertThat(untrusted.decision().outcome()).isEqualTo(Outcome.DENY);
    assertThat(untrusted.decision().reason()).contains("'recipient' (MODEL_GENERATED) is not"
        + " trusted");
    assertThat(untrusted.steps()).anySatisfy(s -> assertThat(s).contains("needs trusted"));
    assertThat(untrusted.decision()).isEqualTo(engine.evaluate(ActionRequest.of("send_money",
        Map.of("recipient", "alice"), RequestContext.userTrusted()
            .withParameterLabels(Map.of("recipient", Provenance.MODEL_GENERATED)))));
  }

  @Test
  void theDefaultTrustRuleForHighRiskActionsReadsEachParametersLabel() {
    PolicyEngine engine = PolicyEngine.builder().policy(engine("""
        allowed_actions: [delete_file]
        rules:
          - id: exempt-reason
            action: write_file
            decision: allow
            conditions:
              reason: { provenance: any }
        """).policy()).actionRisk(id -> io.ape.api.RiskLevel.HIGH).build();
    RequestContext pathFromDocument = RequestContext.userTrusted()
        .withParameterLabels(Map.of("path", Provenance.EXTERNAL_UNTRUSTED));
    assertThat(engine.evaluate("delete_file", Map.of("path", "/a"), pathFromDocument).outcome())
        .isEqualTo(Outcome.DENY);
    assertThat(engine.evaluate("delete_file", Map.of("path", "/a"), RequestContext.userTrusted())
        .outcome()).isEqualTo(Outcome.ALLOW);
    RequestContext reasonFromDocument = RequestContext.userTrusted()
        .withParameterLabels(Map.of("reason", Provenance.EXTERNAL_UNTRUSTED));
    assertThat(engine.evaluate("write_file", Map.of("path", "/a", "reason", "r"),
        reasonFromDocument).outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(engine.evaluate("write_file", Map.of("path", "/a", "reason", "r"),
        pathFromDocument).outcome()).isEqualTo(Outcome.DENY);
  }
}
