package io.ape.mcp;

/** Where the scanner learned about a tool. */
public enum ToolSource {
  /** Read from the running server with {@code tools/list}. */
  SERVER,
  /** Taken from the built-in catalogue of well-known servers (inferred, not observed). */
  CATALOGUE,
  /** Listed in the configuration entry's {@code tools} array (inferred, not observed). */
  CONFIG,
  /**
   * Taken from the built-in catalogue for a server matched by its configured name only (no
   * known package in its command, or a remote server): a guess, never a fact. Such tools are
   * escalated, never allowed.
   *
   * @since 0.2.0
   */
  CATALOGUE_GUESS
}
