package io.ape.audit.jdbc;

import io.ape.audit.ChainHead;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict on one writer's chain.
 *
 * @param writerId the writer
 * @param records the rows that verified before the first problem (all of them if none)
 * @param head the last row that verified
 * @param macVerified whether every row's HMAC was checked against a key
 * @param finding the first bad row, if any
 * @since 0.2.0
 */
public record ChainVerification(String writerId, long records, ChainHead head,
    boolean macVerified, Optional<ChainFinding> finding) {
  public ChainVerification {
    Objects.requireNonNull(writerId, "writerId");
    Objects.requireNonNull(head, "head");
    Objects.requireNonNull(finding, "finding");
  }

  /** Whether the chain is intact. */
  public boolean passed() {
    return finding.isEmpty();
  }
}
