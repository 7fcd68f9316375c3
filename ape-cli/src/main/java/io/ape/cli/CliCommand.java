package io.ape.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Base of every {@code ape} sub-command: {@code -h/--help}, access to the {@link CliContext},
 * an {@link Output} bound to picocli's writers, and policy loading with the CLI's file checks.
 * A command returns its exit code, or throws and lets {@link ErrorReporter} map the exception.
 */
abstract class CliCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean helpRequested;

  /** The context of this run (from the root command). */
  final CliContext context() {
    return ((ApeCommand) spec.root().userObject()).context();
  }

  /** An output for this command; {@code json} selects pure-JSON mode. */
  final Output output(boolean json) {
    return new Output(spec.commandLine(), context().environment(), json);
  }

  /** Loads a policy file: exit 4 if it does not exist, 3 if it is invalid. */
  final LoadedPolicy load(Path file) {
    InputFiles.requireRegularFile(file);
    return context().policies().load(file);
  }
}
