package io.ape.audit;

import io.ape.api.ApeConfigurationException;
import java.util.Locale;

/**
 * When {@link JsonlAuditSink#record} returns, the record is on disk ({@code FileChannel.force})
 * in both modes; they differ in how many records share one {@code force}.
 */
public enum Durability {
  /** Each record is written and forced on its own before {@code record} returns. */
  PER_RECORD("per-record"),
  /**
   * Records of concurrent callers are written and forced together in batches (bounded by size
   * and by a latency window); each caller returns once its batch is forced.
   */
  GROUP_COMMIT("group-commit");

  private final String keyword;

  Durability(String keyword) {
    this.keyword = keyword;
  }

  /** The configuration keyword ({@code per-record} or {@code group-commit}). */
  public String keyword() {
    return keyword;
  }

  /**
   * Parses a configuration keyword.
   *
   * @throws ApeConfigurationException naming {@code key} if the value is not a mode
   */
  public static Durability fromKeyword(String key, String value) {
    if (value != null) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      for (Durability d : values()) {
        if (d.keyword.equals(v)) {
          return d;
        }
      }
    }
    throw new ApeConfigurationException(key + " must be per-record or group-commit, but was '"
        + value + "'");
  }
}
