package io.ape.mcp;

/** What happened when a server was scanned. */
public enum ServerStatus {
  /** Connected; the tools are the server's own {@code tools/list}. */
  CONNECTED,
  /** Not connected; the tools are inferred from the catalogue or the entry's {@code tools} list. */
  INFERRED,
  /** Not connected and not in the catalogue: its tools are unknown (all denied by default). */
  UNKNOWN,
  /** Could not be started, connected to, or understood. */
  FAILED,
  /** Did not answer within the time limit (and was stopped). */
  TIMED_OUT,
  /** Not scanned: disabled, unusable entry, or it needs input the scanner cannot give. */
  SKIPPED;

  /** {@code true} for the statuses whose tools are listed in the result. */
  public boolean hasTools() {
    return this == CONNECTED || this == INFERRED;
  }
}
