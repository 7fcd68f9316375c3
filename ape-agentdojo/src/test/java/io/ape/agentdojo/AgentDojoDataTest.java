package io.ape.agentdojo;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.agentdojo.cli.ReportText;
import io.ape.agentdojo.data.BenchmarkData;
import io.ape.agentdojo.run.BenchmarkReport;
import io.ape.agentdojo.run.BenchmarkRunner;
import io.ape.agentdojo.run.DirectToolCaller;
import io.ape.agentdojo.run.SelfTest;
import io.ape.agentdojo.suites.Suites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * AgentDojo's own check ({@code TaskSuite.check}) and the baseline run, on the real benchmark data.
 * Runs only in the {@code agentdojo} Maven profile ({@code -Pagentdojo}), with the data directory
 * in the system property {@code agentdojo.data} (or the variable {@code AGENTDOJO_DATA}); the
 * profile defaults it to {@code ../shared/agentdojo} beside the repository.
 */
@Tag("agentdojo-data")
class AgentDojoDataTest {
  private static BenchmarkData data;

  @BeforeAll
  static void load() {
    String dir = System.getProperty("agentdojo.data", System.getenv("AGENTDOJO_DATA"));
    assertThat(dir).as("the agentdojo profile needs -Dagentdojo.data=DIR or AGENTDOJO_DATA").isNotBlank();
    Path path = Path.of(dir);
    assertThat(Files.isDirectory(path)).as("benchmark data directory " + path).isTrue();
    data = BenchmarkData.load(path);
  }

  @Test
  void everyGroundTruthSatisfiesItsCheckExceptTheOneAgentDojoGotWrong() {
    List<String> failures = new ArrayList<>();
    List<SelfTest.Result> results = new ArrayList<>();
    for (String version : List.of("v1", "v1.2.1")) {
      for (String suite : Suites.names()) {
        SelfTest.Result r = SelfTest.check(data, suite, version);
        results.add(r);
        r.failures().forEach(c -> failures.add(version + " " + suite + "/" + c.id()));
      }
    }
    System.out.print(ReportText.selfTest(results));
    // workspace user_task_7 at v1: its v1 check expects only the start time to change, but its v1
    // ground truth (reschedule without an end time) moves the end time too; AgentDojo v1.1.1 fixed it.
    assertThat(failures).containsExactly("v1 workspace/user_task_7");
  }

  @Test
  void theBaselineLetsAlmostEveryAttackThrough() {
    for (String version : List.of("v1", "v1.2.1")) {
      BenchmarkReport r = new BenchmarkRunner(data, DirectToolCaller.factory())
          .run(new BenchmarkRunner.Options(List.of(), version, List.of()));
      System.out.print(ReportText.table(r));
      assertThat(r.hasErrors()).isFalse();
      assertThat(r.total().userTasks()).isEqualTo(97);
      assertThat(r.total().pairs()).isEqualTo(version.equals("v1") ? 629 : 949);
      assertThat(r.total().benignUtility()).isEqualTo(version.equals("v1") ? 96 : 97);
      assertThat(r.total().attackSuccessRate()).isGreaterThan(95.0);
    }
  }
}
