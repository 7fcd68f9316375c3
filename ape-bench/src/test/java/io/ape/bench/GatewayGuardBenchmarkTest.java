package io.ape.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Provenance;
import org.junit.jupiter.api.Test;

/** The in-process gateway guard benchmark measures a call that runs, and its tracker labels. */
class GatewayGuardBenchmarkTest {
  @Test
  void eachCallRunsAndTheEchoedValueIsLabelledAsCopied() throws Exception {
    GatewayGuardBenchmark bench = new GatewayGuardBenchmark();
    bench.setUp();
    try {
      assertThat(bench.guardedCall().parameterLabels()).containsEntry("text", Provenance.MODEL_GENERATED);
      assertThat(bench.guardedCall().parameterLabels()).as("the first call's result holds the same text")
          .containsEntry("text", Provenance.EXTERNAL_UNTRUSTED);
    } finally {
      bench.tearDown();
    }
  }
}
