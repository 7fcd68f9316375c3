package io.ape.audit;

import io.ape.audit.internal.RecordFormat;
import java.util.Objects;

/**
 * The end of a hash chain: the number of the last record and the SHA-256 (hex) of its line.
 * Keep a copy outside the log (another system, the SLF4J sink) and pass it to
 * {@link AuditVerifier.Builder#expectHead} to detect records cut off the end of the log,
 * which the chain alone cannot reveal.
 *
 * @param recordNo the number of the last record, 0 for an empty chain
 * @param hash the hex SHA-256 of the last record's line, or the genesis value for an empty chain
 */
public record ChainHead(long recordNo, String hash) {
  /** The head of an empty chain. */
  public static final ChainHead EMPTY = new ChainHead(0, RecordFormat.GENESIS);

  public ChainHead {
    Objects.requireNonNull(hash, "hash");
    if (recordNo < 0) {
      throw new IllegalArgumentException("recordNo must not be negative");
    }
  }
}
