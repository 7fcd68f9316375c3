package io.ape.audit;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An unterminated last line: the bytes of a write that did not complete (a crash or a kill
 * while writing), or a truncation of the file in the middle of its last line. A torn tail is
 * reported, never treated as a valid record, and is distinct from tampering elsewhere.
 *
 * @param file the file that ends with the torn line
 * @param line the 1-based line number of the torn line, or -1 when not counted
 * @param offset the byte offset at which the torn line starts
 * @param length the number of bytes in the torn line
 */
public record TornTail(Path file, long line, long offset, long length) {
  public TornTail {
    Objects.requireNonNull(file, "file");
  }

  /** A one-line human-readable description. */
  public String describe() {
    return "torn last line in " + file + (line > 0 ? " at line " + line : "")
        + " (offset " + offset + ", " + length + " bytes): an interrupted write, not a record";
  }
}
