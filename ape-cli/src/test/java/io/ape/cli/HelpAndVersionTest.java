package io.ape.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpAndVersionTest {
  private static final List<String> COMMANDS =
      List.of("validate", "simulate", "simulate-batch", "explain", "info", "diff", "init",
          "mcp-info", "mcp-scan");

  @Test
  void rootHelpListsEveryCommandAndEveryExitCode() {
    CliRun.Result r = CliRun.run(new FakePolicies(), "--help").exits(ExitCode.OK);
    assertThat(r.out()).contains(COMMANDS).contains("generate-completion");
    assertThat(r.out()).contains("Exit codes:", "  0   Success", "  1   Error",
        "  2   Usage error", "  3   Invalid policy", "  4   File not found", "Examples:");
    assertThat(r.err()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"validate", "simulate", "simulate-batch", "explain", "info", "diff",
      "init", "mcp-info", "mcp-scan"})
  void everyCommandHasHelpWithAnExampleAndTheExitCodes(String command) {
    CliRun.Result r = CliRun.run(new FakePolicies(), command, "--help").exits(ExitCode.OK);
    assertThat(r.out()).startsWith(headerOf(command))
        .contains("Usage: ape " + command)
        .contains("Examples:", "  ape " + command + " ")
        .contains("Exit codes:", "  4   File not found");
    assertThat(CliRun.run(new FakePolicies(), command, "-h").out()).isEqualTo(r.out());
    assertThat(CliRun.run(new FakePolicies(), "help", command).out()).isEqualTo(r.out());
  }

  @Test
  void everyRegisteredCommandHasAnExampleFooter() {
    CommandLine cl = ApeCommand.commandLine(new CliContext(new CliEnvironment(null, false),
        new FakePolicies()), new java.io.PrintWriter(new java.io.StringWriter()),
        new java.io.PrintWriter(new java.io.StringWriter()));
    cl.getSubcommands().forEach((name, sub) -> {
      if (sub.getCommandSpec().userObject() instanceof CliCommand) {
        assertThat(sub.getCommandSpec().usageMessage().footer()).as(name).isNotEmpty();
        assertThat(String.join("\n", sub.getCommandSpec().usageMessage().footer()))
            .as(name).contains("ape " + name);
      }
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"simulate", "simulate-batch", "explain"})
  void theHelpNamesThePolicyVariablesTheContextOptionsSet(String command) {
    // picocli interpolates ${...} in descriptions: unescaped, these printed "as null"
    CliRun.Result r = CliRun.run(new FakePolicies(), command, "--help").exits(ExitCode.OK);
    // (picocli may wrap a line after the '.' of ${session.user}: compare without white space)
    assertThat(r.out().replaceAll("\\s+", ""))
        .contains("readbyconditionsas${tenant}", "readbyconditionsas${session.user}",
            "readbyconditionsas${session.attributes.KEY}")
        .doesNotContain("asnull");
  }

  @Test
  void versionComesFromTheBuild() {
    CliRun.Result r = CliRun.run(new FakePolicies(), "--version").exits(ExitCode.OK);
    assertThat(r.out()).startsWith("ape 0.1.0").doesNotContain("${").doesNotContain("unknown");
    assertThat(VersionProvider.version()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void completionScriptCoversEveryCommand() {
    CliRun.Result r = CliRun.run(new FakePolicies(), "generate-completion").exits(ExitCode.OK);
    assertThat(r.out()).contains("complete -F").contains(COMMANDS).contains("--params-json");
  }

  private static String headerOf(String command) {
    CommandLine cl = new CommandLine(new ApeCommand(new CliContext(new CliEnvironment(null, false),
        new FakePolicies())));
    return cl.getSubcommands().get(command).getCommandSpec().usageMessage().header()[0];
  }
}
