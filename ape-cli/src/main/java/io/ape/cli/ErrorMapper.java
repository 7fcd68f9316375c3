package io.ape.cli;

import io.ape.api.ApeConfigurationException;
import io.ape.api.ApeException;
import io.ape.api.PolicyException;
import io.ape.api.PolicyLimitException;
import io.ape.api.PolicyNotFoundException;
import io.ape.api.PolicyParseException;
import io.ape.api.PolicyProblem;
import io.ape.api.PolicyValidationException;
import io.ape.api.SourceLocation;
import io.ape.mcp.McpConfigException;
import io.ape.mcp.McpConfigNotFoundException;
import io.ape.mcp.McpConfigParseException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import picocli.CommandLine;

/**
 * The one place where exceptions become exit codes and messages. Every exception type the CLI
 * can meet is mapped here; anything unexpected is an internal error (exit 1) whose message
 * names the exception, never a stack trace (those appear only with {@code --verbose} or
 * {@code APE_DEBUG=1}).
 */
final class ErrorMapper {
  private ErrorMapper() {}

  static CliError map(Throwable t) {
    if (t instanceof CommandLine.ParameterException || t instanceof CliUsageException) {
      return new CliError(ExitCode.USAGE, "usage", message(t));
    }
    if (t instanceof CliFailureException e) {
      return new CliError(e.exitCode(), e.type(), message(e));
    }
    if (t instanceof McpConfigNotFoundException e) {
      return new CliError(ExitCode.FILE_NOT_FOUND, "file_not_found", e.file() + ": file not found");
    }
    if (t instanceof McpConfigParseException e) {
      return new CliError(ExitCode.INVALID_POLICY, "invalid_mcp_config", message(e), List.of(
          new PolicyProblem(new SourceLocation(e.file(), e.line(), e.column()), "", e.problem())));
    }
    if (t instanceof McpConfigException) {
      return new CliError(ExitCode.ERROR, "mcp_config_error", message(t));
    }
    if (t instanceof MissingFileException || t instanceof NoSuchFileException
        || t instanceof FileNotFoundException || t instanceof PolicyNotFoundException) {
      return new CliError(ExitCode.FILE_NOT_FOUND, "file_not_found", notFoundMessage(t));
    }
    if (t instanceof PolicyValidationException e) {
      return new CliError(ExitCode.INVALID_POLICY, "invalid_policy", oneLine(e), e.problems());
    }
    if (t instanceof PolicyParseException e) {
      return new CliError(ExitCode.INVALID_POLICY,
          e instanceof PolicyLimitException ? "policy_limit_exceeded" : "invalid_policy",
          message(e), List.of(problem(e)));
    }
    if (t instanceof PolicyException) {
      return new CliError(ExitCode.INVALID_POLICY, "invalid_policy", message(t));
    }
    if (t instanceof ApeConfigurationException) {
      return new CliError(ExitCode.ERROR, "configuration_error", message(t));
    }
    if (t instanceof ApeException) {
      return new CliError(ExitCode.ERROR, "error", message(t));
    }
    if (t instanceof AccessDeniedException e) {
      return new CliError(ExitCode.ERROR, "io_error", e.getFile() + ": permission denied");
    }
    if (t instanceof UncheckedIOException e) {
      return new CliError(ExitCode.ERROR, "io_error", message(e));
    }
    if (t instanceof IOException e) {
      return new CliError(ExitCode.ERROR, "io_error", InputFiles.describe(e));
    }
    if (t instanceof OutOfMemoryError || t instanceof StackOverflowError) {
      return new CliError(ExitCode.ERROR, "internal_error",
          "out of resources (" + t.getClass().getSimpleName() + ")");
    }
    return new CliError(ExitCode.ERROR, "internal_error", "internal error: "
        + t.getClass().getName() + (t.getMessage() == null ? "" : ": " + firstLine(t.getMessage()))
        + " (rerun with --verbose for details)");
  }

  private static String notFoundMessage(Throwable t) {
    if (t instanceof NoSuchFileException e) {
      return e.getFile() + ": file not found";
    }
    if (t instanceof PolicyNotFoundException e) {
      return e.path() + ": file not found";
    }
    return message(t);
  }

  /** The exception as a located problem, without repeating the location in the message. */
  private static PolicyProblem problem(PolicyParseException e) {
    String message = message(e);
    String prefix = e.location() + (e.path().isEmpty() ? "" : " (" + e.path() + ")") + ": ";
    if (message.startsWith(prefix)) {
      message = message.substring(prefix.length());
    }
    return new PolicyProblem(e.location(), e.path(), message);
  }

  /** A validation failure as one line: the first problem, and how many more there are. */
  private static String oneLine(PolicyValidationException e) {
    List<PolicyProblem> problems = e.problems();
    String first = problems.get(0).toString();
    return problems.size() == 1 ? first
        : first + " (and " + (problems.size() - 1) + " more problem"
            + (problems.size() == 2 ? "" : "s") + ")";
  }

  private static String message(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : firstLine(m);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
