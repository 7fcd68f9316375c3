package io.ape.policy.yaml;

import static io.ape.policy.yaml.Policies.json;
import static io.ape.policy.yaml.Policies.problems;
import static io.ape.policy.yaml.Policies.yaml;
import static io.ape.policy.yaml.Policies.yamlFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.CombiningAlgorithm;
import io.ape.api.ConditionSpec;
import io.ape.api.ParameterSet;
import io.ape.api.Policy;
import io.ape.api.PolicyException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The keys of the second edition of the language, as the parser maps them. */
class SecondEditionKeysTest {
  @Test
  void combiningDefaultParametersAndRuleParametersAreMapped() {
    Policy p = yaml("""
        combining: deny_overrides
        default_parameters: closed
        rules:
          - {action: a, decision: allow, parameters: closed}
          - {action: b, decision: allow, parameters: open}
          - {action: c, decision: allow, parameters: [subject, body]}
          - {action: d, decision: allow}
        """);
    assertThat(p.combining()).isEqualTo(CombiningAlgorithm.DENY_OVERRIDES);
    assertThat(p.defaultParameters()).isEqualTo(ParameterSet.Kind.CLOSED);
    assertThat(p.rules()).extracting(r -> r.parameters()).containsExactly(ParameterSet.closed(),
        ParameterSet.open(), ParameterSet.closed(List.of("subject", "body")),
        ParameterSet.policyDefault());
    Policy plain = yaml("rules: [{action: a, decision: allow}]");
    assertThat(plain.combining()).isEqualTo(CombiningAlgorithm.FIRST_MATCH);
    assertThat(plain.defaultParameters()).isEqualTo(ParameterSet.Kind.OPEN);
  }

  @Test
  void eachAndAnyTakeAMappingOfOperatorsWhichMayNest() {
    Policy p = json("""
        {"rules": [{"action": "a", "decision": "allow", "conditions": {"to": {
          "each": {"email_domain_in": ["acme.com"], "max_bytes": 64},
          "any": {"each": {"prefix": "/srv/"}}}}}]}
        """);
    List<ConditionSpec> c = p.rules().get(0).conditions();
    assertThat(c).extracting(ConditionSpec::operator).containsExactly("each", "any");
    assertThat(c.get(0).argument()).isEqualTo(Map.of("email_domain_in", List.of("acme.com"),
        "max_bytes", 64));
    assertThat(c.get(1).argument()).isEqualTo(Map.of("each", Map.of("prefix", "/srv/")));
  }

  @Test
  void wrongValuesAreErrorsWithTheirLocations() {
    for (Map.Entry<String, String> bad : Map.of(
        "combining: first", "must be one of first_match, deny_overrides",
        "default_parameters: yes", "must be one of open, closed",
        "rules: [{action: a, decision: allow, parameters: 5}]",
        "must be closed, open or a list of parameter names",
        "rules: [{action: a, decision: allow, parameters: sealed}]", "must be one of closed, open",
        "rules: [{action: a, decision: allow, parameters: ['']}]", "must not be empty",
        "rules: [{action: a, decision: allow, conditions: {to: {each: 5}}}]",
        "each needs a mapping of operators",
        "rules: [{action: a, decision: allow, conditions: {to: {any: {}}}}]",
        "any needs a mapping of operators",
        "rules: [{action: a, decision: allow, conditions: {to: {each: {each: {each: {each: {each:"
            + " {prefix: /}}}}}}}}]", "nest at most 4 levels deep").entrySet()) {
      PolicyException e = yamlFailure(bad.getKey());
      assertThat(problems(e)).as(bad.getKey()).anySatisfy(p -> {
        assertThat(p.message()).contains(bad.getValue());
        assertThat(p.location().line()).isPositive();
      });
    }
  }
}
