package io.ape.cli;

import java.util.Objects;

/**
 * A command failed for a reason it states itself (e.g. an MCP configuration without servers, an
 * output file that already exists), with its own exit code and {@code --json} error type.
 */
final class CliFailureException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final String type;

  /**
   * Creates the failure.
   *
   * @param exitCode one of {@link ExitCode}
   * @param type the stable snake_case type name shown by {@code --json}
   * @param message one line, free of secrets
   */
  CliFailureException(int exitCode, String type, String message) {
    super(Objects.requireNonNull(message, "message"));
    this.exitCode = exitCode;
    this.type = Objects.requireNonNull(type, "type");
  }

  int exitCode() {
    return exitCode;
  }

  String type() {
    return type;
  }
}
