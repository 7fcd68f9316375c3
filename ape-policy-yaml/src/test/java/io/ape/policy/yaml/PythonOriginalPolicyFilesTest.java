package io.ape.policy.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Outcome;
import io.ape.api.Policy;
import io.ape.api.PolicyLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The five policy files shipped with the Python original load unchanged, with their list
 * sizes and SHA-256 versions. Those files are not part of this repository: this test runs only
 * in the opt-in profile {@code -Pshared-compat}, which points the system property
 * {@code apetest.shared.dir} at a directory holding {@code compat/python-ape-policies}. The default
 * build checks the same format with the project's own fixtures
 * ({@link CompatibilityPolicyFilesTest}).
 */
@Tag("shared-compat")
class PythonOriginalPolicyFilesTest {
  private static Path directory;

  @BeforeAll
  static void findTheOriginals() {
    directory = sharedCompatDirectory();
  }

  /** {@code ${apetest.shared.dir}/compat/python-ape-policies}; fails if the profile set no directory. */
  static Path sharedCompatDirectory() {
    String shared = System.getProperty("apetest.shared.dir", "");
    assertThat(shared).as("system property apetest.shared.dir (set by -Pshared-compat)").isNotBlank();
    Path dir = Path.of(shared, "compat", "python-ape-policies");
    assertThat(dir).as("the Python original's policies (-Pshared-compat)").isDirectory();
    return dir;
  }

  static Stream<Arguments> expectedCounts() {
    return Stream.of(
        Arguments.of("minimal_safe.yaml", Outcome.DENY, 8, 7, 9, 0),
        Arguments.of("read_only.yaml", Outcome.DENY, 28, 27, 0, 0),
        Arguments.of("filesystem_scoped.yaml", Outcome.DENY, 20, 14, 6, 2),
        Arguments.of("human_in_loop.yaml", Outcome.DENY, 15, 9, 24, 0),
        Arguments.of("development.yaml", Outcome.ALLOW, 27, 6, 6, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("expectedCounts")
  void loadsUnchangedWithTheListSizesOfThePythonOriginal(String file, Outcome defaultDecision,
      int allowed, int forbidden, int escalation, int transitions) throws Exception {
    byte[] bytes = Files.readAllBytes(directory.resolve(file));

    Policy policy = PolicyParsers.yaml().parse(bytes, file, PolicyLimits.defaults());

    assertThat(policy.defaultDecision()).isEqualTo(defaultDecision);
    assertThat(policy.allowedActions()).hasSize(allowed);
    assertThat(policy.forbiddenActions()).hasSize(forbidden);
    assertThat(policy.escalationRequired()).hasSize(escalation);
    assertThat(policy.toolTransitions()).hasSize(transitions);
    assertThat(policy.rules()).isEmpty();
    assertThat(policy.declaredVersion()).isEqualTo("1.0.0");
    assertThat(policy.name()).isEqualTo(file.replace(".yaml", ""));
    assertThat(policy.metadata()).containsKey("category");
    assertThat(policy.version()).isEqualTo(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
  }

  @Test
  void policyVersionsMatchThePythonOriginal() throws IOException {
    Map<String, String> prefixes = Map.of(
        "minimal_safe.yaml", "f0e2cdfa7693e9da",
        "read_only.yaml", "fd772b21dcecd3778fe56d5b7a39750e95201ba0b1e268c4274a5761a6038a35",
        "filesystem_scoped.yaml", "ea79b66cf9a96435",
        "human_in_loop.yaml", "e4bb26b7a7965ac9",
        "development.yaml", "388fc0dfdc3b7b6f");
    for (Map.Entry<String, String> e : prefixes.entrySet()) {
      Policy policy = PolicyParsers.yaml().parse(Files.readAllBytes(directory.resolve(e.getKey())),
          e.getKey(), PolicyLimits.defaults());
      assertThat(policy.version()).as(e.getKey()).startsWith(e.getValue());
    }
  }

  @Test
  void filesystemScopedKeepsItsToolTransitions() throws IOException {
    Policy policy = PolicyParsers.yaml().parse(
        Files.readAllBytes(directory.resolve("filesystem_scoped.yaml")), "filesystem_scoped.yaml",
        PolicyLimits.defaults());

    assertThat(policy.toolTransitions()).containsExactly(
        Map.entry("read_file", List.of("write_file", "update_file", "copy_file")),
        Map.entry("list_directory", List.of("read_file", "create_file", "create_directory")));
  }
}
