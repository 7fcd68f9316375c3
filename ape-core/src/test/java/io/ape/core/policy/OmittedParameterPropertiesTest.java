package io.ape.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.ConditionSpec;
import io.ape.api.Decision;
import io.ape.api.Outcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * For random policies (allow, deny and escalate rules with conditions on a few parameters, the
 * action listed in {@code allowed_actions} or not) and random requests,
 * removing any one parameter never turns a DENY or ESCALATE into an ALLOW: an absent parameter
 * fails an allow rule and makes a deny or escalate rule apply, so a rule decides the reduced
 * request no more permissively than the full one.
 */
class OmittedParameterPropertiesTest {
  private static final String ACTION = "act";
  private static final List<String> PARAMETERS = List.of("a", "b", "c");

  /** A rule as generated: its decision and its conditions. */
  record GeneratedRule(Outcome decision, List<ConditionSpec> conditions) {}

  /** A policy as generated, with a readable form for jqwik's shrinking reports. */
  record GeneratedPolicy(List<GeneratedRule> rules, boolean listedAsAllowed) {
    PolicyEngine engine() {
      TestPolicy policy = TestPolicy.named("generated");
      if (listedAsAllowed) {
        policy.allow(ACTION);
      }
      for (int i = 0; i < rules.size(); i++) {
        GeneratedRule r = rules.get(i);
        policy.rule("r" + i, ACTION, r.decision(), r.conditions().toArray(new ConditionSpec[0]));
      }
      return policy.engine();
    }
  }

  @Property(tries = 800)
  void removingAnyOneParameterNeverTurnsADenyOrEscalateIntoAnAllow(
      @ForAll("policies") GeneratedPolicy generated,
      @ForAll("requests") Map<String, Object> request) {
    PolicyEngine engine = generated.engine();
    Decision full = engine.evaluate(ACTION, request);
    for (String removed : request.keySet()) {
      Map<String, Object> reduced = new HashMap<>(request);
      reduced.remove(removed);
      Decision fewer = engine.evaluate(ACTION, reduced);
      if (full.outcome() != Outcome.ALLOW) {
        assertThat(fewer.outcome())
            .as("%s -> %s, then without '%s' -> %s (%s)", request, full.reason(), removed,
                fewer.outcome(), fewer.reason())
            .isNotEqualTo(Outcome.ALLOW);
      }
      assertThat(engine.explain(ACTION, reduced).decision()).isEqualTo(fewer);
    }
  }

  @Provide
  Arbitrary<GeneratedPolicy> policies() {
    Arbitrary<ConditionSpec> condition = Arbitraries.of(
        TestPolicy.cond("a", "prefix", "/x/"),
        TestPolicy.cond("a", "path_within", "/x"),
        TestPolicy.cond("a", "equals", "v"),
        TestPolicy.cond("a", "allowlist", "*/secret*"),
        TestPolicy.cond("b", "max", 10),
        TestPolicy.cond("b", "min", 5),
        TestPolicy.cond("b", "one_of", List.of(1, 2, 3)),
        TestPolicy.cond("c", "equals", true),
        TestPolicy.cond("c", "denylist", "*danger*"));
    Arbitrary<GeneratedRule> rule = Combinators.combine(
        Arbitraries.of(Outcome.ALLOW, Outcome.DENY, Outcome.ESCALATE),
        condition.list().ofMaxSize(3)).as(GeneratedRule::new);
    return Combinators.combine(rule.list().ofMinSize(1).ofMaxSize(5), Arbitraries.of(true, false))
        .as(GeneratedPolicy::new);
  }

  @Provide
  Arbitrary<Map<String, Object>> requests() {
    Arbitrary<Object> value = Arbitraries.of("/x/1", "/y/1", "v", "/x/../y", "/x/secret.txt",
        "danger zone", "", 0, 3, 7, 12, 2.5, true, false, List.of("/x/1"), Map.of("k", "v"));
    Arbitrary<Object> maybeNull = Arbitraries.frequencyOf(
        Tuple.of(12, value), Tuple.of(1, Arbitraries.just(null)));
    return Arbitraries.subsetOf(PARAMETERS).flatMap(names -> maybeNull.list()
        .ofSize(names.size()).map(values -> {
          Map<String, Object> m = new HashMap<>();
          int i = 0;
          for (String name : names) {
            m.put(name, values.get(i++));
          }
          return m;
        }));
  }
}
