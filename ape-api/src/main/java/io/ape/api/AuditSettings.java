package io.ape.api;

import java.util.List;

/**
 * The {@code audit} section of a policy.
 *
 * @param redact parameter keys whose values are replaced by a hash in audit records
 *     (compared case-insensitively, at any nesting depth)
 *
 * @since 0.1.0
 */
public record AuditSettings(List<String> redact) {
  private static final AuditSettings NONE = new AuditSettings(List.of());

  public AuditSettings {
    redact = List.copyOf(redact);
  }

  /** No redaction. */
  public static AuditSettings none() {
    return NONE;
  }
}
