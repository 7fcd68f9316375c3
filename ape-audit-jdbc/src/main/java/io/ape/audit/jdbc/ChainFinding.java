package io.ape.audit.jdbc;

import io.ape.audit.VerificationProblem;
import java.util.Objects;

/**
 * The first bad row of a chain and why.
 *
 * @param problem what was seen (the same problems as for the JSON-lines log)
 * @param recordNo the row's {@code record_no} (-1 if none applies)
 * @param sequence the record's engine sequence number (-1 if it could not be read)
 * @param detail what exactly differs
 * @since 0.2.0
 */
public record ChainFinding(VerificationProblem problem, long recordNo, long sequence,
    String detail) {
  public ChainFinding {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(detail, "detail");
  }

  /** One line: problem, where, detail. */
  public String describe() {
    return problem + " at record " + recordNo + (sequence >= 0 ? " (sequence " + sequence + ")"
        : "") + ": " + detail + " — " + problem.meaning();
  }
}
