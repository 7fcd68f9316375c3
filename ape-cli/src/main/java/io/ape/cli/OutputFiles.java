package io.ape.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes files named with {@code -o}: never overwrites an existing file unless forced (the check
 * and the creation are one atomic step, so a file that appears in between is not clobbered
 * either), never writes into a directory path, creates missing parent directories.
 */
final class OutputFiles {
  private OutputFiles() {}

  /**
   * Fails early, before any long work, if {@code target} cannot be written: it is a directory,
   * or it exists and {@code force} is off.
   */
  static void checkWritable(Path target, boolean force) {
    if (Files.isDirectory(target)) {
      throw new CliFailureException(ExitCode.ERROR, "io_error", target + ": is a directory");
    }
    if (!force && Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw exists(target);
    }
  }

  /** Writes {@code text} as UTF-8 to {@code target}, honouring {@code force}. */
  static void write(Path target, String text, boolean force) {
    checkWritable(target, force);
    try {
      Path parent = target.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (force) {
        Files.writeString(target, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
      } else {
        Files.writeString(target, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
      }
    } catch (FileAlreadyExistsException e) {
      throw exists(target);
    } catch (IOException e) {
      throw new UncheckedIOException(target + ": cannot write: " + InputFiles.describe(e), e);
    }
  }

  private static CliFailureException exists(Path target) {
    return new CliFailureException(ExitCode.ERROR, "file_exists",
        target + ": already exists; use --force to overwrite it");
  }
}
