package io.ape.cli;

import java.nio.file.Path;

/** A file named on the command line does not exist or is not a regular file (exit code 4). */
final class MissingFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MissingFileException(Path file, String problem) {
    super(file + ": " + problem);
  }
}
