package io.ape.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Provenance;
import java.util.Collection;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** The provenance benchmark measures what it claims; no timing is asserted. */
class ProvenanceLabelBenchmarkTest {

  @Test
  void belowTheBoundTheCallIsLabelledByWhereItsValuesCameFrom() {
    ProvenanceLabelBenchmark bench = new ProvenanceLabelBenchmark();
    bench.untrustedChars = 102_400;
    bench.setUp();
    Map<String, Provenance> labels = bench.labelTypicalCall();
    assertThat(labels).containsEntry("to", Provenance.USER_TRUSTED)
        .containsEntry("cc", Provenance.USER_TRUSTED)
        .containsEntry("body", Provenance.MODEL_GENERATED);
    assertThat(bench.stats().saturated()).isFalse();
    assertThat(bench.stats().untrustedChars()).isEqualTo(102_400);
  }

  @Test
  void pastTheBoundTheTrackerIsSaturatedAndHoldsNoIndex() {
    ProvenanceLabelBenchmark bench = new ProvenanceLabelBenchmark();
    bench.untrustedChars = 10_485_760;
    bench.setUp();
    assertThat(bench.stats().saturated()).isTrue();
    assertThat(bench.stats().indexBytes()).isZero();
    assertThat(bench.labelTypicalCall()).containsEntry("to", Provenance.USER_TRUSTED)
        .containsEntry("body", Provenance.EXTERNAL_UNTRUSTED);
  }

  @Test
  void recordingAToolResultIndexesIt() {
    ProvenanceRecordBenchmark bench = new ProvenanceRecordBenchmark();
    bench.pages();
    bench.freshTracker();
    assertThat(bench.recordToolResult4k().stats().untrustedChars()).isEqualTo(4096);
    assertThat(bench.tracker.stats().fingerprints()).isPositive();
  }

  @Test
  void theJmhRunnerRunsTheBenchmarksOnce() throws RunnerException {
    Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include("io\\.ape\\.bench\\.Provenance(Label|Record)Benchmark\\..*")
        .param("untrustedChars", "1024")
        .mode(Mode.AverageTime).forks(0).warmupIterations(0).measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(10)).syncIterations(false)
        .verbosity(VerboseMode.SILENT).shouldFailOnError(true).build()).run();
    assertThat(results).hasSize(2);
    for (RunResult r : results) {
      assertThat(r.getPrimaryResult().getScore()).isPositive().isFinite();
    }
  }
}
