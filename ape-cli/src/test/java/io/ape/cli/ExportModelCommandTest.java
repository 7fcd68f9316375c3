package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ape.core.model.FormalModel;
import io.ape.core.model.Invariant;
import io.ape.core.runtime.RuntimeState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportModelCommandTest {
  @TempDir
  Path dir;

  @Test
  void jsonIsOneValidDocumentWithTheStatesAndInvariants() {
    CliRun.Result r = CliRun.run(new FakePolicies(), "export-model", "--format", "json")
        .exits(ExitCode.OK);
    JsonNode model = r.json();
    assertThat(model.path("runtime").path("states")).hasSize(RuntimeState.values().length);
    assertThat(model.path("invariants")).hasSize(FormalModel.invariants().size());
    assertThat(model.path("runtime").path("final").get(0).asText()).isEqualTo("TERMINATED");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void jsonIsTheDefaultFormat() {
    CliRun.Result r = CliRun.run(new FakePolicies(), "export-model").exits(ExitCode.OK);
    assertThat(r.out()).isEqualTo(FormalModel.toJson());
  }

  @Test
  void dotIsADigraphWithTheSixRuntimeStates() {
    CliRun.Result r = CliRun.run(new FakePolicies(), "export-model", "--format", "dot")
        .exits(ExitCode.OK);
    assertThat(r.out()).contains("digraph");
    assertThat(RuntimeState.values()).hasSize(6);
    for (RuntimeState s : RuntimeState.values()) {
      assertThat(r.out()).contains(s.name());
    }
  }

  @Test
  void tlaIsAModuleWithEveryInvariant() {
    CliRun.Result r = CliRun.run(new FakePolicies(), "export-model", "--format", "tla")
        .exits(ExitCode.OK);
    assertThat(r.out()).contains("MODULE " + FormalModel.MODULE).contains("====");
    for (Invariant i : FormalModel.invariants()) {
      assertThat(r.out()).contains(i.id());
    }
  }

  @Test
  void outputFileReceivesTheModelAndStdoutStaysEmpty() throws Exception {
    Path file = dir.resolve("model.tla");
    CliRun.Result r = CliRun.run(new FakePolicies(), "export-model", "--format", "tla", "-o",
        file.toString()).exits(ExitCode.OK);
    assertThat(r.out()).isEmpty();
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(FormalModel.toTla());
  }

  @Test
  void unknownFormatIsAUsageError() {
    CliRun.Result r = CliRun.run(new FakePolicies(), "export-model", "--format", "pdf")
        .exits(ExitCode.USAGE);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void outputIntoAMissingDirectoryIsFileNotFoundNotAStackTrace() {
    Path file = dir.resolve("missing-dir").resolve("model.json");
    CliRun.Result r = CliRun.run(new FakePolicies(), "export-model", "-o", file.toString())
        .exits(ExitCode.FILE_NOT_FOUND);
    assertThat(r.err()).contains("file not found").doesNotContain("\tat ");
    assertThat(file).doesNotExist();
  }
}
