package io.ape.cli;

import io.ape.api.PolicyProblem;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports every error of every command the same way: exit code from {@link ErrorMapper}; with
 * {@code --json} one JSON object on stdout ({@code {"error": {...}}}); otherwise one line per
 * problem on stderr. A stack trace appears on stderr only with {@code --verbose} or
 * {@code APE_DEBUG=1}, and never for usage errors.
 */
final class ErrorReporter
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
  private final CliEnvironment environment;

  ErrorReporter(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
    CliError error = ErrorMapper.map(ex);
    boolean json = jsonRequested(commandLine);
    report(commandLine, error, json);
    if (error.exitCode() == ExitCode.USAGE && !json) {
      printHelpHint(commandLine);
    }
    if (error.exitCode() != ExitCode.USAGE && (environment.debug() || verbose(commandLine))) {
      PrintWriter err = commandLine.getErr();
      ex.printStackTrace(err);
      err.flush();
    }
    return error.exitCode();
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine commandLine = ex.getCommandLine();
    CliError error = ErrorMapper.map(ex);
    boolean json = containsOption(args, "--json");
    report(commandLine, error, json);
    if (!json) {
      UnmatchedArgumentException.printSuggestions(ex, commandLine.getErr());
      printHelpHint(commandLine);
    }
    return error.exitCode();
  }

  /** Prints {@code error} as JSON on stdout, or as lines on stderr. */
  static void report(CommandLine commandLine, CliError error, boolean json) {
    if (json) {
      commandLine.getOut().println(Json.write(Map.of("error", Views.error(error))));
      commandLine.getOut().flush();
      return;
    }
    PrintWriter err = commandLine.getErr();
    List<PolicyProblem> problems = error.problems();
    if (problems.size() > 1) {
      for (PolicyProblem p : problems) {
        err.println("error: " + Text.printable(p.toString()));
      }
    } else {
      err.println("error: " + Text.printable(error.message()));
    }
    err.flush();
  }

  private static void printHelpHint(CommandLine commandLine) {
    PrintWriter err = commandLine.getErr();
    err.println("Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
  }

  private static boolean jsonRequested(CommandLine commandLine) {
    OptionSpec option = commandLine.getCommandSpec().findOption("--json");
    return option != null && Boolean.TRUE.equals(option.getValue());
  }

  private static boolean verbose(CommandLine commandLine) {
    Object root = commandLine.getCommandSpec().root().userObject();
    return root instanceof ApeCommand ape && ape.verbose();
  }

  /** Whether {@code name} occurs as an option before any {@code --} end-of-options marker. */
  static boolean containsOption(String[] args, String name) {
    for (String arg : args) {
      if (arg.equals("--")) {
        return false;
      }
      if (arg.equals(name)) {
        return true;
      }
    }
    return false;
  }
}
