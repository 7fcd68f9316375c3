package io.ape.policy.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Outcome;
import io.ape.api.Policy;
import io.ape.api.PolicyLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every policy file shipped with the Python original loads unchanged, with the list sizes of
 * python-ape-behavior.md §22.
 */
class CompatibilityPolicyFilesTest {
  private static Path directory;

  @BeforeAll
  static void findCompatDirectory() {
    directory = locate(Path.of("").toAbsolutePath());
  }

  /** Walks up from the working directory to the first {@code shared/compat/python-ape-policies}. */
  static Path locate(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/compat/python-ape-policies");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("shared/compat/python-ape-policies not found above " + start);
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
    assertThat(policy.source().format()).isEqualTo("yaml");
    assertThat(policy.version()).isEqualTo(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
  }

  @Test
  void everyFileInTheDirectoryLoads() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(directory)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(5);
    for (Path file : files) {
      Policy policy = PolicyParsers.yaml().parse(Files.readAllBytes(file), file.toString(),
          PolicyLimits.defaults());
      assertThat(policy.source().name()).isEqualTo(file.toString());
    }
  }

  @Test
  void developmentAllowsByDefault() throws IOException {
    Policy policy = PolicyParsers.yaml().parse(
        Files.readAllBytes(directory.resolve("development.yaml")), "development.yaml",
        PolicyLimits.defaults());

    assertThat(policy.defaultDecision()).isEqualTo(Outcome.ALLOW);
    assertThat(policy.isDefaultAllow()).isTrue();
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
