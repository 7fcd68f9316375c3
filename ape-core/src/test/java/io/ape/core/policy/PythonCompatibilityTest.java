package io.ape.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ape.api.Decision;
import io.ape.api.Outcome;
import io.ape.api.Policy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Policies in the Python original's format decide as the original does, except where APE
 * deliberately closes a fail-open path. The policies are the project's own fixtures in the
 * original's format ({@code ape-policy-yaml/src/test/resources/compat/python-format}); the
 * vectors are {@code decision-matrix.txt} beside them: the original's decision matrix for the
 * 18 standard actions under its five bundled policies (forbidden → escalation → allowed →
 * default), and rules with the original's eight operators. The original's own files are
 * checked by {@link PythonOriginalDecisionsTest} in the opt-in profile {@code -Pshared-compat}.
 */
class PythonCompatibilityTest {
  static final String DIR = "ape-policy-yaml/src/test/resources/compat/python-format";
  private static final Pattern VECTOR = Pattern.compile(
      "(\\w+)\\s+(\\S+)\\s+(\\{.*?\\})\\s+=>\\s+(ALLOW|DENY|ESCALATE)"
          + "(?:\\s+python=(ALLOW|DENY|ESCALATE))?\\s*(?:#.*)?");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One line of {@code decision-matrix.txt}. */
  record Vector(String policy, String action, Map<String, Object> parameters, Outcome expected,
      Outcome python, int line) {
    @Override
    public String toString() {
      return policy + " " + action + " " + parameters + " -> " + expected
          + (python == null ? "" : " (python " + python + ")");
    }
  }

  static Path fixture(String policy) {
    return RepoFiles.find(DIR + "/" + policy + ".yaml");
  }

  @SuppressWarnings("unchecked")
  static List<Vector> vectors() throws IOException {
    List<String> lines = Files.readAllLines(RepoFiles.find(DIR + "/decision-matrix.txt"),
        StandardCharsets.UTF_8);
    List<Vector> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = VECTOR.matcher(line);
      assertThat(m.matches()).as("decision-matrix.txt:%d is a vector: %s", i + 1, line).isTrue();
      out.add(new Vector(m.group(1), m.group(2), JSON.readValue(m.group(3), Map.class),
          Outcome.valueOf(m.group(4)), m.group(5) == null ? null : Outcome.valueOf(m.group(5)),
          i + 1));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void everyVectorIsDecidedAsListed(Vector v) {
    try (PolicyEngine engine = PolicyEngine.fromFile(fixture(v.policy()))) {
      Decision d = engine.evaluate(v.action(), v.parameters());

      assertThat(d.outcome()).as("decision-matrix.txt:%d %s: %s", v.line(), v, d.reason())
          .isEqualTo(v.expected());
    }
  }

  @Test
  void theMatrixCoversTheStandardActionsUnderTheFiveListPolicies() throws IOException {
    List<Vector> vectors = vectors();
    for (String policy : List.of("minimal_safe", "read_only", "filesystem_scoped",
        "human_in_loop", "development")) {
      assertThat(vectors.stream().filter(v -> v.policy().equals(policy)).map(Vector::action))
          .as(policy).hasSize(18).doesNotHaveDuplicates();
    }
    assertThat(vectors).filteredOn(v -> v.python() != null).isNotEmpty()
        .allSatisfy(v -> assertThat(v.python()).isNotEqualTo(v.expected()));
  }

  @Test
  void theListPoliciesDecideTheSameWithoutParametersWithEmptyOnesAndWithUnrelatedOnes()
      throws IOException {
    for (Vector v : vectors()) {
      if (v.policy().equals("scoped_conditions")) {
        continue;
      }
      try (PolicyEngine engine = PolicyEngine.fromFile(fixture(v.policy()))) {
        assertThat(engine.policy().rules()).isEmpty();
        assertThat(engine.evaluate(v.action()).outcome()).as(v.toString()).isEqualTo(v.expected());
        assertThat(engine.evaluate(v.action(), Map.of("unrelated", "x")).outcome())
            .as(v.toString()).isEqualTo(v.expected());
      }
    }
  }

  @Test
  void aDefaultAllowFromDefaultDenyFalseIsFlagged() {
    try (PolicyEngine engine = PolicyEngine.fromFile(fixture("development"))) {
      Decision d = engine.evaluate("run_shell_command");

      assertThat(d.outcome()).isEqualTo(Outcome.ALLOW);
      assertThat(d.isDefaultAllow()).as("flagged, unlike the original").isTrue();
      assertThat(d.reason()).startsWith("default allow");
      assertThat(engine.evaluate("read_file").isDefaultAllow()).isFalse();
    }
  }

  /** Every action a list names gets the list's decision; an unlisted one gets the default. */
  static Stream<String> listPolicies() {
    return Stream.of("minimal_safe", "read_only", "filesystem_scoped", "human_in_loop",
        "development", "scoped_conditions");
  }

  @ParameterizedTest
  @MethodSource("listPolicies")
  void everyListedActionGetsItsListsDecision(String name) {
    try (PolicyEngine engine = PolicyEngine.fromFile(fixture(name))) {
      assertListsDecide(engine, name);
    }
  }

  static void assertListsDecide(PolicyEngine engine, String name) {
    Policy p = engine.policy();
    Set<String> ruled = new TreeSet<>();
    p.rules().forEach(r -> ruled.add(r.actionId()));
    for (String id : p.forbiddenActions()) {
      assertThat(engine.evaluate(id).outcome()).as(name + " " + id).isEqualTo(Outcome.DENY);
    }
    for (String id : p.escalationRequired()) {
      assertThat(engine.evaluate(id).outcome()).as(name + " " + id).isEqualTo(Outcome.ESCALATE);
    }
    for (String id : p.allowedActions()) {
      if (!ruled.contains(id)) {
        assertThat(engine.evaluate(id).outcome()).as(name + " " + id).isEqualTo(Outcome.ALLOW);
      }
    }
    Decision unlisted = engine.evaluate("an_action_no_policy_lists");
    assertThat(unlisted.outcome()).isEqualTo(p.defaultDecision());
    assertThat(unlisted.isDefaultAllow()).isEqualTo(p.isDefaultAllow());
  }

  @Test
  void theVersionIsTheSha256OfTheUnchangedFile() throws IOException {
    for (String name : List.of("minimal_safe", "read_only", "filesystem_scoped",
        "human_in_loop", "development", "scoped_conditions")) {
      Path file = fixture(name);
      try (PolicyEngine engine = PolicyEngine.fromFile(file)) {
        assertThat(engine.policyVersion()).as(name)
            .isEqualTo(PolicyFiles.sha256(Files.readAllBytes(file)));
      }
    }
  }
}
