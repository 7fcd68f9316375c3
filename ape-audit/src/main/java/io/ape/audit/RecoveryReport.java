package io.ape.audit;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link JsonlAuditSink} found when it opened its log: where the chain continues, and
 * whether the last line was torn (by a crash during a write). A torn line is never part of the
 * chain: its bytes are copied to {@code tornBytesSavedTo} and cut from the log file, so the
 * file ends with the last complete record and the chain continues from it. Nothing that was
 * acknowledged to a caller is ever removed: a torn line was, by definition, never forced.
 *
 * @param file the segment the sink writes to next
 * @param existingLog whether a log was already there (false for a new log)
 * @param head the last complete record found (where the chain continues)
 * @param tornTail the torn line that was removed, if any
 * @param tornBytesSavedTo where the torn bytes were preserved, if there was a torn line
 */
public record RecoveryReport(Path file, boolean existingLog, ChainHead head,
    Optional<TornTail> tornTail, Optional<Path> tornBytesSavedTo) {
  public RecoveryReport {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(tornTail, "tornTail");
    Objects.requireNonNull(tornBytesSavedTo, "tornBytesSavedTo");
  }

  /** A one-paragraph human-readable summary. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    if (!existingLog) {
      sb.append("new audit log ").append(file);
    } else {
      sb.append("audit log ").append(file).append(" continues after record ")
          .append(head.recordNo());
    }
    tornTail.ifPresent(t -> sb.append("; ").append(t.describe()).append(", removed from the log")
        .append(tornBytesSavedTo.map(p -> " and saved to " + p).orElse("")));
    return sb.toString();
  }
}
