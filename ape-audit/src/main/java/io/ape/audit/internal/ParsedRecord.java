package io.ape.audit.internal;

import io.ape.api.AuditEvent;

/**
 * One line parsed back from the audit log.
 *
 * @param event the event fields
 * @param recordNo the record number in the chain (1-based, continuous across files)
 * @param prev the hex SHA-256 of the previous line, or the genesis value
 * @param mac the hex HMAC, or {@code ""} if the record has none
 * @param macOffset offset (from the line start) of {@code ,"mac":}, or -1 if there is no MAC
 */
public record ParsedRecord(AuditEvent event, long recordNo, String prev, String mac,
    int macOffset) {
  /** Whether the record carries a MAC. */
  public boolean hasMac() {
    return macOffset >= 0;
  }
}
