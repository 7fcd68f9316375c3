package io.ape.audit;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a record is: file, line and, when the line could be read as a record, its numbers.
 *
 * @param file the file
 * @param line the 1-based line number in the file
 * @param offset the byte offset of the line in the file, or -1 if not known
 * @param recordNo the record's {@code recordNo}, or -1 if it could not be read
 * @param sequence the record's engine {@code sequence}, or -1 if it could not be read
 */
public record RecordLocation(Path file, long line, long offset, long recordNo, long sequence) {
  public RecordLocation {
    Objects.requireNonNull(file, "file");
  }

  /** {@code file:line (record N, sequence S)}. */
  public String describe() {
    StringBuilder sb = new StringBuilder().append(file).append(':').append(line);
    if (recordNo >= 0) {
      sb.append(" (record ").append(recordNo).append(", sequence ").append(sequence)
          .append(')');
    }
    return sb.toString();
  }
}
