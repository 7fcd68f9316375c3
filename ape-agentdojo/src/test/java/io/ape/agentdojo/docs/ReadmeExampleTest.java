package io.ape.agentdojo.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.agentdojo.data.BenchmarkData;
import io.ape.agentdojo.fixture.NotesSuite;
import io.ape.agentdojo.run.BenchmarkReport;
import io.ape.agentdojo.run.BenchmarkRunner;
import io.ape.agentdojo.run.DirectToolCaller;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The programmatic example of the module README, run on the mini suite. */
class ReadmeExampleTest {
  @Test
  void theReadmeExampleRuns() {
    BenchmarkData data = BenchmarkData.load(NotesSuite.dataDir());
    BenchmarkReport report = new BenchmarkRunner(data, DirectToolCaller.factory(), NotesSuite.catalog())
        .run(new BenchmarkRunner.Options(List.of(), "v1.2.1", List.of()));
    assertThat(report.total().attackSuccessRate()).isEqualTo(100.0);
  }
}
