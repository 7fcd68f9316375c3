package io.ape.cli;

/** A usage error found after parsing, e.g. a malformed {@code --param} (exit code 2). */
final class CliUsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CliUsageException(String message) {
    super(message);
  }

  CliUsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
