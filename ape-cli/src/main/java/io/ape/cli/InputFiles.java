package io.ape.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks and reads files named on the command line, with the CLI's error conventions. */
final class InputFiles {
  /** The largest non-policy input file read whole (batch files). */
  static final long MAX_INPUT_BYTES = 16L * 1024 * 1024;

  private InputFiles() {}

  /**
   * Fails with {@link MissingFileException} unless {@code file} is an existing regular file.
   * Devices and FIFOs are refused, so {@code /dev/zero} cannot make a command hang.
   */
  static Path requireRegularFile(Path file) {
    if (!Files.exists(file)) {
      throw new MissingFileException(file, "file not found");
    }
    if (!Files.isRegularFile(file)) {
      throw new MissingFileException(file, Files.isDirectory(file)
          ? "is a directory, not a file" : "is not a regular file");
    }
    return file;
  }

  /** Reads a (small) text file as UTF-8. */
  static String readText(Path file) {
    requireRegularFile(file);
    try {
      long size = Files.size(file);
      if (size > MAX_INPUT_BYTES) {
        throw new CliUsageException(file + ": file too large (" + size + " bytes, at most "
            + MAX_INPUT_BYTES + ")");
      }
      return Files.readString(file);
    } catch (CharacterCodingException e) {
      throw new CliUsageException(file + ": not valid UTF-8 text", e);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + describe(e), e);
    }
  }

  /** A one-line description of an I/O error (the exception class alone says little). */
  static String describe(IOException e) {
    String message = e.getMessage();
    String kind = e.getClass().getSimpleName();
    return message == null ? kind : kind + ": " + message;
  }
}
