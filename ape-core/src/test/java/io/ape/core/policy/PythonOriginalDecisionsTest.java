package io.ape.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Decision;
import io.ape.api.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The five policy files shipped with the Python original load unchanged and decide as the
 * original does: every listed action, and the original's observed decision matrix for the 18
 * standard actions (the same vectors as part 1 of {@code decision-matrix.txt}, which
 * {@link PythonCompatibilityTest} checks against the project's own fixtures).
 *
 * <p>The original's files are not part of this repository: this test runs only in the opt-in
 * profile {@code -Pshared-compat}, which points the system property {@code apetest.shared.dir} at a
 * directory holding {@code compat/python-ape-policies}.
 */
@Tag("shared-compat")
class PythonOriginalDecisionsTest {

  static Path originals() {
    String shared = System.getProperty("apetest.shared.dir", "");
    assertThat(shared).as("system property apetest.shared.dir (set by -Pshared-compat)").isNotBlank();
    Path dir = Path.of(shared, "compat", "python-ape-policies");
    assertThat(dir).as("the Python original's policies (-Pshared-compat)").isDirectory();
    return dir;
  }

  static Stream<Path> files() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(originals())) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSize(5);
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("files")
  void everyListedActionGetsThePythonDecision(Path file) {
    try (PolicyEngine engine = PolicyEngine.fromFile(file)) {
      assertThat(engine.policy().rules()).isEmpty();
      PythonCompatibilityTest.assertListsDecide(engine, file.getFileName().toString());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"minimal_safe", "read_only", "filesystem_scoped", "human_in_loop",
      "development"})
  void theVersionIsTheSha256OfTheUnchangedFile(String name) throws IOException {
    Path file = originals().resolve(name + ".yaml");
    try (PolicyEngine engine = PolicyEngine.fromFile(file)) {
      assertThat(engine.policyVersion()).isEqualTo(PolicyFiles.sha256(Files.readAllBytes(file)));
    }
  }

  /** Part 1 of decision-matrix.txt: the list policies' vectors, now against the originals. */
  static Stream<PythonCompatibilityTest.Vector> matrix() throws IOException {
    return PythonCompatibilityTest.vectors().stream()
        .filter(v -> !v.policy().equals("scoped_conditions"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matrix")
  void theObservedStandardActionMatrixIsReproduced(PythonCompatibilityTest.Vector v) {
    try (PolicyEngine engine = PolicyEngine.fromFile(originals().resolve(v.policy() + ".yaml"))) {
      Decision d = engine.evaluate(v.action());
      assertThat(d.outcome()).as(v.toString()).isEqualTo(v.expected());
      assertThat(engine.evaluate(v.action(), Map.of()).outcome()).isEqualTo(v.expected());
      assertThat(engine.evaluate(v.action(), Map.of("unrelated", "x")).outcome())
          .isEqualTo(v.expected());
    }
  }
}
