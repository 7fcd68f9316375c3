package io.ape.cli;

import io.ape.api.PolicyProblem;
import java.util.List;
import java.util.Objects;

/**
 * An error as the CLI reports it: an exit code, a stable type name for {@code --json}
 * consumers, a one-line message, and the individual problems of an invalid policy.
 *
 * @param exitCode one of {@link ExitCode}
 * @param type a stable snake_case name, e.g. {@code invalid_policy}
 * @param message one line, without a stack trace
 * @param problems every located problem (possibly empty)
 */
record CliError(int exitCode, String type, String message, List<PolicyProblem> problems) {
  CliError {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(message, "message");
    problems = List.copyOf(problems);
  }

  CliError(int exitCode, String type, String message) {
    this(exitCode, type, message, List.of());
  }
}
