package io.ape.policy.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.ConditionSpec;
import io.ape.api.Outcome;
import io.ape.api.Policy;
import io.ape.api.PolicyLimits;
import io.ape.api.PolicyRule;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Policy files in the Python original's format load unchanged: the project's own fixtures in
 * {@code src/test/resources/compat/python-format} use every key and structure of that format
 * ({@code default_deny}, the three lists, an empty list, {@code tool_transitions},
 * {@code metadata} with lists, nested maps and nulls, folded descriptions, comments, and
 * {@code rules} with the eight operators of the original). ape-core's
 * {@code PythonCompatibilityTest} checks their decisions.
 */
class CompatibilityPolicyFilesTest {
  static final String DIR = "/compat/python-format/";
  static final List<String> FILES = List.of("minimal_safe.yaml", "read_only.yaml",
      "filesystem_scoped.yaml", "human_in_loop.yaml", "development.yaml",
      "scoped_conditions.yaml");

  static byte[] bytes(String file) throws IOException {
    try (InputStream in = CompatibilityPolicyFilesTest.class.getResourceAsStream(DIR + file)) {
      assertThat(in).as(DIR + file).isNotNull();
      return in.readAllBytes();
    }
  }

  static Policy parse(String file) throws IOException {
    return PolicyParsers.yaml().parse(bytes(file), file, PolicyLimits.defaults());
  }

  static Stream<Arguments> expectedCounts() {
    return Stream.of(
        Arguments.of("minimal_safe.yaml", Outcome.DENY, 8, 7, 9, 0, 0),
        Arguments.of("read_only.yaml", Outcome.DENY, 20, 19, 0, 0, 0),
        Arguments.of("filesystem_scoped.yaml", Outcome.DENY, 14, 10, 4, 2, 0),
        Arguments.of("human_in_loop.yaml", Outcome.DENY, 9, 7, 12, 0, 0),
        Arguments.of("development.yaml", Outcome.ALLOW, 9, 4, 4, 0, 0),
        Arguments.of("scoped_conditions.yaml", Outcome.DENY, 1, 1, 1, 0, 8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expectedCounts")
  void loadsUnchangedWithEveryKeyOfTheFormat(String file, Outcome defaultDecision, int allowed,
      int forbidden, int escalation, int transitions, int rules) throws Exception {
    byte[] bytes = bytes(file);

    Policy policy = PolicyParsers.yaml().parse(bytes, file, PolicyLimits.defaults());

    assertThat(policy.defaultDecision()).isEqualTo(defaultDecision);
    assertThat(policy.allowedActions()).hasSize(allowed);
    assertThat(policy.forbiddenActions()).hasSize(forbidden);
    assertThat(policy.escalationRequired()).hasSize(escalation);
    assertThat(policy.toolTransitions()).hasSize(transitions);
    assertThat(policy.rules()).hasSize(rules);
    assertThat(policy.declaredVersion()).isEqualTo("1.0.0");
    assertThat(policy.name()).isEqualTo(file.replace(".yaml", ""));
    assertThat(policy.description()).isNotBlank().endsWith("\n");
    assertThat(policy.metadata()).containsKeys("category", "risk_level");
    assertThat(policy.source().format()).isEqualTo("yaml");
    assertThat(policy.version()).isEqualTo(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
  }

  @Test
  void defaultDenyFalseIsADefaultAllow() throws IOException {
    Policy policy = parse("development.yaml");

    assertThat(policy.defaultDecision()).isEqualTo(Outcome.ALLOW);
    assertThat(policy.isDefaultAllow()).isTrue();
  }

  @Test
  void anExplicitEmptyListIsEmpty() throws IOException {
    assertThat(parse("read_only.yaml").escalationRequired()).isEmpty();
  }

  @Test
  void metadataKeepsListsNestedMapsAndNulls() throws IOException {
    assertThat(parse("read_only.yaml").metadata())
        .containsEntry("recommended_for", List.of("reporting", "research_assistants"))
        .containsKey("owner");
    assertThat(parse("read_only.yaml").metadata().get("owner")).isNull();
    assertThat(parse("human_in_loop.yaml").metadata()).containsEntry("approval",
        Map.of("channel", "#agent-approvals", "timeout_minutes", 30));
  }

  @Test
  void filesystemScopedKeepsItsToolTransitionsInOrder() throws IOException {
    assertThat(parse("filesystem_scoped.yaml").toolTransitions()).containsExactly(
        Map.entry("read_file", List.of("write_file", "update_file", "copy_file")),
        Map.entry("list_directory", List.of("read_file", "create_file", "create_directory")));
  }

  @Test
  void rulesUseTheEightOperatorsOfThePythonOriginal() throws IOException {
    Policy policy = parse("scoped_conditions.yaml");

    Set<String> operators = new TreeSet<>();
    policy.rules().forEach(r -> r.conditions().forEach(c -> operators.add(c.operator())));
    assertThat(operators).containsExactlyInAnyOrder("prefix", "suffix", "allowlist", "denylist",
        "max", "min", "regex", "equals");
    PolicyRule first = policy.rules().get(0);
    assertThat(first.id()).isEqualTo("rules[0]");
    assertThat(first.actionId()).isEqualTo("write_file");
    assertThat(first.decision()).isEqualTo(Outcome.ALLOW);
    assertThat(first.conditions()).extracting(ConditionSpec::parameter, ConditionSpec::operator)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("path", "prefix"),
            org.assertj.core.groups.Tuple.tuple("path", "suffix"));
    assertThat(policy.rules()).extracting(PolicyRule::decision)
        .contains(Outcome.ALLOW, Outcome.DENY, Outcome.ESCALATE);
  }

  @Test
  void everyFixtureIsListed() throws IOException {
    assertThat(FILES).hasSize(6);
    for (String file : FILES) {
      assertThat(parse(file).source().name()).isEqualTo(file);
    }
  }
}
