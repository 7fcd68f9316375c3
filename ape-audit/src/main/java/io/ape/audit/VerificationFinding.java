package io.ape.audit;

import java.util.Objects;

/**
 * The first bad record of a log and why.
 *
 * @param problem what was observed
 * @param location the bad record (file, line, record number, sequence)
 * @param detail a sentence with the specifics (expected and found values)
 */
public record VerificationFinding(VerificationProblem problem, RecordLocation location,
    String detail) {
  public VerificationFinding {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(detail, "detail");
  }

  /** One line: location, problem and detail. */
  public String describe() {
    return location.describe() + ": " + problem + " - " + problem.meaning() + ". " + detail;
  }
}
