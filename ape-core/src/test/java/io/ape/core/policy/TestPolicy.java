package io.ape.core.policy;

import io.ape.api.ConditionSpec;
import io.ape.api.Outcome;
import io.ape.api.Policy;
import io.ape.api.PolicyRule;
import io.ape.api.PolicySource;
import io.ape.api.ProvenanceRequirement;
import io.ape.api.SourceLocation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds {@link Policy} objects in code, with a version derived from the content. */
final class TestPolicy {
  static final String SOURCE = "test-policy.yaml";

  private final String name;
  private Outcome defaultDecision = Outcome.DENY;
  private final List<String> allowed = new ArrayList<>();
  private final List<String> forbidden = new ArrayList<>();
  private final List<String> escalation = new ArrayList<>();
  private final List<PolicyRule> rules = new ArrayList<>();
  private final Map<String, List<String>> transitions = new LinkedHashMap<>();

  private TestPolicy(String name) {
    this.name = name;
  }

  static TestPolicy named(String name) {
    return new TestPolicy(name);
  }

  static ConditionSpec cond(String parameter, String operator, Object argument) {
    return new ConditionSpec(parameter, operator, argument, new SourceLocation(SOURCE, 20, 9));
  }

  TestPolicy defaultDecision(Outcome outcome) {
    this.defaultDecision = outcome;
    return this;
  }

  TestPolicy allow(String... ids) {
    allowed.addAll(Arrays.asList(ids));
    return this;
  }

  TestPolicy forbid(String... ids) {
    forbidden.addAll(Arrays.asList(ids));
    return this;
  }

  TestPolicy escalate(String... ids) {
    escalation.addAll(Arrays.asList(ids));
    return this;
  }

  TestPolicy rule(String id, String action, Outcome decision, ConditionSpec... conditions) {
    return rule(id, action, decision, ProvenanceRequirement.DEFAULT, conditions);
  }

  TestPolicy rule(String id, String action, Outcome decision, ProvenanceRequirement provenance,
      ConditionSpec... conditions) {
    rules.add(new PolicyRule(id, action, decision, List.of(conditions), provenance, "",
        new SourceLocation(SOURCE, 10 + rules.size() * 5, 3)));
    return this;
  }

  TestPolicy transition(String from, String... to) {
    transitions.put(from, List.of(to));
    return this;
  }

  Policy build() {
    String content = name + defaultDecision + allowed + forbidden + escalation + rules + transitions;
    return new Policy(name, "1.0", "test", defaultDecision, allowed, forbidden, escalation, rules,
        transitions, Map.of(), null, null, new PolicySource(SOURCE, "test",
            PolicyFiles.sha256(content.getBytes(StandardCharsets.UTF_8))));
  }

  PolicyEngine engine() {
    return PolicyEngine.builder().policy(build()).providerLoader(
        io.ape.core.provider.Fixtures.providerLoader("none")).build();
  }
}
