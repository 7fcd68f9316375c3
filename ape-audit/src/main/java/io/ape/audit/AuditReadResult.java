package io.ape.audit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Records read by {@link AuditReader#read}.
 *
 * @param records the matching records, in log order
 * @param scanned how many records were read in total (matching or not)
 * @param tornTail the torn last line that was skipped, if any
 */
public record AuditReadResult(List<AuditRecord> records, long scanned,
    Optional<TornTail> tornTail) {
  public AuditReadResult {
    records = List.copyOf(records);
    Objects.requireNonNull(tornTail, "tornTail");
  }

  /** One summary line per record, then a note about a torn last line if there is one. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    for (AuditRecord r : records) {
      sb.append(r.toText()).append('\n');
    }
    tornTail.ifPresent(t -> sb.append("note: ").append(t.describe()).append('\n'));
    return sb.toString();
  }

  /** The matching records as JSON lines (one canonical record per line). */
  public String toJsonLines() {
    StringBuilder sb = new StringBuilder();
    for (AuditRecord r : records) {
      sb.append(r.toJson()).append('\n');
    }
    return sb.toString();
  }
}
