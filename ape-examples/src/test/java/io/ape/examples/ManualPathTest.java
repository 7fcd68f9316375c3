package io.ape.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManualPathTest {
  @TempDir
  Path workspace;

  @Test
  void readsTheRealFileAndThePolicyDeniesTheSecretWhichBlocksTheRestOfThePlan() throws Exception {
    Files.writeString(workspace.resolve("config.json"), "{\"debug\": false}\n", StandardCharsets.UTF_8);
    ManualPath.Result r = ManualPath.run(workspace);
    assertThat(r.content()).isEqualTo("{\"debug\": false}\n");
    assertThat(r.secretDenialReason()).isNotBlank();
    assertThat(r.nextStep()).isEqualTo(1);
  }
}
