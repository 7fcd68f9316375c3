package io.ape.cli;

import static io.ape.cli.FakePolicies.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Colour only on a terminal, never with NO_COLOR, never in JSON. */
class ColourTest {
  private static final String ESC = "\u001b[";

  @TempDir
  Path dir;
  Path p;
  FakePolicies fake;

  @BeforeEach
  void setUp() throws IOException {
    p = Files.writeString(dir.resolve("p.yaml"), "p");
    fake = new FakePolicies().with(p, policy(p).allowed("read_file").forbidden("rm_rf").build());
  }

  private CliRun.Result run(Map<String, String> env, boolean terminal, String... args) {
    return CliRun.run(new CliContext(new CliEnvironment(env, terminal), fake), args);
  }

  @Test
  void decisionsAreColouredOnATerminal() {
    CliRun.Result r = run(Map.of(), true, "simulate-batch", p.toString(), "read_file", "rm_rf");
    assertThat(r.out()).contains(ESC + "32m" + "ALLOW").contains(ESC + "31m" + "DENY");
  }

  @Test
  void noColourWhenStdoutIsNotATerminal() {
    CliRun.Result r = run(Map.of(), false, "simulate-batch", p.toString(), "read_file", "rm_rf");
    assertThat(r.out()).doesNotContain(ESC).contains("ALLOW");
  }

  @Test
  void noColourWhenNoColorIsSet() {
    CliRun.Result r = run(Map.of("NO_COLOR", "1"), true, "simulate", p.toString(), "rm_rf");
    assertThat(r.out()).doesNotContain(ESC).contains("rm_rf: DENY");
  }

  @Test
  void anEmptyNoColorDoesNotDisableColour() {
    // https://no-color.org: "when present and not an empty string".
    CliRun.Result r = run(Map.of("NO_COLOR", ""), true, "simulate", p.toString(), "rm_rf");
    assertThat(r.out()).contains(ESC);
  }

  @Test
  void noColourInJsonEvenOnATerminal() {
    CliRun.Result r = run(Map.of(), true, "simulate", p.toString(), "rm_rf", "--json");
    assertThat(r.out()).doesNotContain(ESC);
    assertThat(r.json().get("decision").asText()).isEqualTo("DENY");
  }

  @Test
  void helpIsColouredOnlyOnATerminalWithoutNoColor() {
    assertThat(run(Map.of(), true, "--help").out()).contains(ESC);
    assertThat(run(Map.of(), false, "--help").out()).doesNotContain(ESC);
    assertThat(run(Map.of("NO_COLOR", "yes"), true, "simulate", "--help").out())
        .doesNotContain(ESC);
  }
}
