package io.ape.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ape.api.Outcome;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomPluginTest {
  @TempDir
  Path dir;

  @Test
  void serviceLoadedOperatorDecidesAndServiceLoadedSinkCountsTheDecisions() {
    CustomPlugin.Result r = CustomPlugin.run(dir);
    assertThat(r.shallow().outcome()).isEqualTo(Outcome.ALLOW);
    assertThat(r.deep().outcome()).isEqualTo(Outcome.DENY);
    assertThat(r.sinkIds()).containsExactly(CountingAuditSinkProvider.ID);
    assertThat(r.decisionsAudited()).isEqualTo(2);
  }
}
