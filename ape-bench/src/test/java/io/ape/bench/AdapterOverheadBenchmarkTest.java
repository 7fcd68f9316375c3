package io.ape.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The adapter benchmark still measures what it claims: after its setup, each method runs the
 * allowed call through its path (each throws if the call was refused). No timing is asserted.
 */
class AdapterOverheadBenchmarkTest {
  @Test
  void everyPathExecutesTheTool() throws Exception {
    AdapterOverheadBenchmark bench = new AdapterOverheadBenchmark();
    AdapterOverheadBenchmark.Adapters state = new AdapterOverheadBenchmark.Adapters();
    state.start();
    try {
      assertThat(bench.bareTool(state)).isEqualTo("customer acme");
      for (int i = 0; i < 3; i++) {
        assertThat(bench.engineCall(state)).isNotNull();
        assertThat(bench.langChain4j(state)).isEqualTo("customer acme");
        assertThat(bench.springAi(state)).isEqualTo("customer acme");
        assertThat(bench.mcpSdk(state)).isNotNull();
      }
      assertThat(state.engine.toolIds()).contains("lookup", "lc4j.lookup", "spring.lookup",
          "mcp.lookup");
    } finally {
      state.stop();
    }
  }
}
