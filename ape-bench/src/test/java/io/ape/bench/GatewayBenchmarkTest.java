package io.ape.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gateway benchmark still measures what it claims: both paths reach the echo server and
 * return its answer (the direct one under its own name, the other as {@code echo.echo} through
 * {@code ape gateway}). No timing is asserted.
 */
@Timeout(120)
class GatewayBenchmarkTest {
  @Test
  void bothPathsReturnTheUpstreamsAnswer() throws Exception {
    GatewayBenchmark bench = new GatewayBenchmark();
    bench.audit = "jsonl";
    bench.setUp();
    try {
      for (int i = 0; i < 3; i++) {
        assertThat(GatewayBenchmark.text(bench.latencyDirect())).isEqualTo("hello through the gateway");
        assertThat(GatewayBenchmark.text(bench.latencyViaGateway())).isEqualTo("hello through the gateway");
        assertThat(bench.throughputViaGateway16().isError()).isNotEqualTo(Boolean.TRUE);
      }
    } finally {
      bench.tearDown();
    }
  }
}
