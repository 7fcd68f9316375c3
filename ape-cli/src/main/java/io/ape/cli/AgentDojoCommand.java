package io.ape.cli;

import io.ape.agentdojo.AgentDojoException;
import io.ape.agentdojo.ape.AgentDojoPolicies;
import io.ape.agentdojo.ape.ApeToolCallers;
import io.ape.agentdojo.cli.AgentDojoCli;
import io.ape.agentdojo.cli.ReportText;
import io.ape.agentdojo.data.BenchmarkData;
import io.ape.agentdojo.run.BenchmarkReport;
import io.ape.agentdojo.run.BenchmarkRunner;
import io.ape.agentdojo.run.CustomInjection;
import io.ape.agentdojo.run.DirectToolCaller;
import io.ape.agentdojo.run.LostUserTask;
import io.ape.agentdojo.run.SelfTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ape agentdojo --data DIR [--suite S]... [--version V] [--injections FILE]
 * [--caller both|direct|ape] [--policies DIR] [--json]}.
 */
@Command(
    name = "agentdojo",
    header = "Run the AgentDojo prompt-injection benchmark with a scripted worst-case agent.",
    description = "Replays AgentDojo (ETH Zurich, MIT licence) from its data directory: for every "
        + "user task a benign run, for every (user task, injection task) pair a run whose "
        + "tool results carry the important_instructions attack, with an agent that obeys every "
        + "injection it sees. Prints, per suite and in total, benign utility, utility under "
        + "attack and attack success rate, without APE (the baseline: the agent calls the tools "
        + "directly) and with APE (every call is the engine's guarded call under the suite's "
        + "policy, policies/agentdojo/<suite>.yaml), then lists the user tasks APE blocks with "
        + "the rule that blocked them. --self-test runs AgentDojo's own check instead.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape agentdojo --data /path/to/agentdojo",
        "  ape agentdojo --data /path/to/agentdojo --version v1.2.1 --suite banking --json",
        "  ape agentdojo --data /path/to/agentdojo --caller ape --policies policies/agentdojo",
        "  ape agentdojo --data /path/to/agentdojo --injections my-attacks.json -o pairs.json",
        "  ape agentdojo --data /path/to/agentdojo --self-test"
    })
final class AgentDojoCommand extends CliCommand {
  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "The benchmark data directory (tasks.json, tools.json, attacks.json, data/).")
  Path data;

  @Option(names = "--suite", paramLabel = "S",
      description = "Run only this suite (repeatable): banking, slack, travel, workspace.")
  List<String> suites = new ArrayList<>();

  @Option(names = "--version", paramLabel = "V", defaultValue = "v1",
      description = "Benchmark version: v1 (629 pairs) or v1.2.1 (949 pairs); default ${DEFAULT-VALUE}.")
  String version;

  @Option(names = "--injections", paramLabel = "FILE",
      description = "Extra injection tasks (JSON list; see the module README), paired with every user task of their suite.")
  Path injections;

  @Option(names = "--caller", paramLabel = "WHICH", defaultValue = "both",
      description = "Which runs: both (default), direct (the baseline without APE) or ape.")
  String caller;

  @Option(names = "--policies", paramLabel = "DIR",
      description = "The per-suite APE policies (<suite>.yaml); default: the bundled policies/agentdojo.")
  Path policies;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE",
      description = "Also write the JSON document (summary and every per-pair result) to FILE.")
  Path out;

  @Option(names = "--force", description = "Overwrite the -o file if it exists.")
  boolean force;

  @Option(names = "--self-test", description = "Run AgentDojo's TaskSuite.check on the suites instead.")
  boolean selfTest;

  @Option(names = "--json", description = "Print the JSON document on stdout, and nothing else.")
  boolean json;

  @Override
  public Integer call() {
    Output output = output(json);
    if (!Files.isDirectory(data)) {
      throw new MissingFileException(data, "benchmark data directory not found");
    }
    if (out != null) {
      OutputFiles.checkWritable(out, force);
    }
    try {
      BenchmarkData benchmark = BenchmarkData.load(data);
      if (selfTest) {
        return selfTest(benchmark, output);
      }
      if (injections != null && !Files.isRegularFile(injections)) {
        throw new MissingFileException(injections, "file not found");
      }
      List<CustomInjection> custom = injections == null ? List.of() : CustomInjection.load(injections);
      if (!List.of("both", "direct", "ape").contains(caller)) {
        throw new CliFailureException(ExitCode.USAGE, "usage",
            "--caller must be both, direct or ape, not '" + Text.printable(caller) + "'");
      }
      if (policies != null && !Files.isDirectory(policies)) {
        throw new MissingFileException(policies, "policy directory not found");
      }
      List<BenchmarkReport> reports = new ArrayList<>();
      BenchmarkRunner.Options options = new BenchmarkRunner.Options(suites, version, custom);
      if (!caller.equals("ape")) {
        reports.add(new BenchmarkRunner(benchmark, DirectToolCaller.factory()).run(options));
      }
      if (!caller.equals("direct")) {
        try (ApeToolCallers ape = ApeToolCallers.of(
            policies == null ? AgentDojoPolicies.bundled() : AgentDojoPolicies.directory(policies))) {
          reports.add(new BenchmarkRunner(benchmark, ape).run(options));
        }
      }
      List<LostUserTask> lost = AgentDojoCli.lostUserTasks(benchmark, reports);
      String document = AgentDojoCli.json(reports, lost);
      if (out != null) {
        OutputFiles.write(out, document + System.lineSeparator(), force);
      }
      if (output.isJson()) {
        output.raw(document + System.lineSeparator());
      } else {
        output.raw(printableLines(ReportText.tables(reports, lost)));
      }
      output.flush();
      return reports.stream().anyMatch(BenchmarkReport::hasErrors) ? ExitCode.ERROR : ExitCode.OK;
    } catch (AgentDojoException e) {
      throw new CliFailureException(ExitCode.INVALID_POLICY, "invalid_benchmark_data", e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each line made printable ({@link Text#printable}); the line breaks kept. */
  private static String printableLines(String text) {
    StringBuilder b = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (b.length() > 0) {
        b.append('\n');
      }
      b.append(Text.printable(line));
    }
    return b.toString();
  }

  private int selfTest(BenchmarkData benchmark, Output output) throws IOException {
    List<String> names = suites.isEmpty()
        ? new BenchmarkRunner(benchmark, DirectToolCaller.factory()).implementedSuites() : suites;
    List<SelfTest.Result> results = new ArrayList<>();
    for (String suite : names) {
      results.add(SelfTest.check(benchmark, suite, version));
    }
    String document = AgentDojoCli.selfTestJson(results);
    if (out != null) {
      OutputFiles.write(out, document + System.lineSeparator(), force);
    }
    if (output.isJson()) {
      output.raw(document + System.lineSeparator());
    } else {
      output.raw(printableLines(ReportText.selfTest(results)));
      output.flush();
    }
    return results.stream().allMatch(SelfTest.Result::passed) ? ExitCode.OK : ExitCode.ERROR;
  }
}
