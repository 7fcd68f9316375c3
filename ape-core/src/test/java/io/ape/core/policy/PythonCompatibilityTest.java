package io.ape.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Decision;
import io.ape.api.Outcome;
import io.ape.api.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The five policy files shipped with the Python original load unchanged, and every action they
 * list gets the decision the original gives without parameters (python-ape-behavior.md §22:
 * forbidden → escalation → allowed → default).
 */
class PythonCompatibilityTest {
  private static final String DIR = "shared/compat/python-ape-policies";

  static Stream<Path> files() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(RepoFiles.find(DIR))) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSize(5);
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("files")
  void everyListedActionGetsThePythonDecision(Path file) {
    PolicyEngine engine = PolicyEngine.fromFile(file);
    Policy p = engine.policy();
    assertThat(p.forbiddenActions().size() + p.allowedActions().size()).isPositive();
    for (String id : p.forbiddenActions()) {
      assertThat(engine.evaluate(id).outcome()).as(file + " " + id).isEqualTo(Outcome.DENY);
    }
    for (String id : p.escalationRequired()) {
      assertThat(engine.evaluate(id).outcome()).as(file + " " + id).isEqualTo(Outcome.ESCALATE);
    }
    for (String id : p.allowedActions()) {
      assertThat(engine.evaluate(id).outcome()).as(file + " " + id).isEqualTo(Outcome.ALLOW);
    }
    Decision unlisted = engine.evaluate("an_action_no_policy_lists");
    assertThat(unlisted.outcome()).isEqualTo(p.defaultDecision());
    assertThat(unlisted.isDefaultAllow()).isEqualTo(p.isDefaultAllow());
  }

  @ParameterizedTest
  @ValueSource(strings = {"minimal_safe", "read_only", "filesystem_scoped", "human_in_loop",
      "development"})
  void theVersionIsTheSha256OfTheUnchangedFile(String name) throws IOException {
    Path file = RepoFiles.find(DIR + "/" + name + ".yaml");
    assertThat(PolicyEngine.fromFile(file).policyVersion())
        .isEqualTo(PolicyFiles.sha256(Files.readAllBytes(file)));
  }

  /** The observed decision matrix of §22 for the 18 standard actions (no parameters). */
  static Stream<Arguments> matrix() {
    String[] policies = {"minimal_safe", "read_only", "filesystem_scoped", "human_in_loop", "development"};
    Object[][] rows = {
        {"read_file", "AAAAA"}, {"list_directory", "AAAAA"}, {"search_files", "AAADA"},
        {"write_file", "EDAEA"}, {"append_file", "DDADA"}, {"create_directory", "EDAEA"},
        {"delete_file", "DDEDE"}, {"delete_directory", "DDEDE"}, {"http_get", "DADDA"},
        {"http_post", "DDDEA"}, {"query_data", "AADAA"}, {"insert_data", "DDDEA"},
        {"update_data", "DDDEA"}, {"delete_data", "DDDDA"}, {"send_email", "EDDEE"},
        {"send_notification", "DDDEA"}, {"execute_code", "DDDDA"}, {"run_shell_command", "DDDDA"}};
    Map<Character, Outcome> code = Map.of('A', Outcome.ALLOW, 'D', Outcome.DENY, 'E', Outcome.ESCALATE);
    return Stream.of(rows).flatMap(row -> {
      String action = (String) row[0];
      String outcomes = (String) row[1];
      return Stream.of(0, 1, 2, 3, 4).map(i -> Arguments.of(policies[i], action,
          code.get(outcomes.charAt(i))));
    });
  }

  /**
   * The matrix is the same with no parameter map, an empty one, or unrelated parameters: the
   * five files have no {@code rules}, so no condition can inspect an absent parameter (a deny or
   * escalate rule would apply to one, deliberate difference 1). No vector changed when that was
   * introduced.
   */
  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("matrix")
  void theObservedStandardActionMatrixIsReproduced(String policy, String action, Outcome expected) {
    PolicyEngine engine = PolicyEngine.fromFile(RepoFiles.find(DIR + "/" + policy + ".yaml"));
    assertThat(engine.policy().rules()).isEmpty();
    Decision d = engine.evaluate(action);
    assertThat(d.outcome()).isEqualTo(expected);
    assertThat(engine.evaluate(action, Map.of()).outcome()).isEqualTo(expected);
    assertThat(engine.evaluate(action, Map.of("unrelated", "x")).outcome()).isEqualTo(expected);
    if (policy.equals("development") && expected == Outcome.ALLOW
        && !engine.allowedActions().contains(action)) {
      assertThat(d.isDefaultAllow()).as("flagged, unlike upstream").isTrue();
      assertThat(d.reason()).startsWith("default allow");
    }
  }
}
