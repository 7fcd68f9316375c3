package io.ape.mcp;

/** Where the scanner learned about a tool. */
public enum ToolSource {
  /** Read from the running server with {@code tools/list}. */
  SERVER,
  /** Taken from the built-in catalogue of well-known servers (inferred, not observed). */
  CATALOGUE,
  /** Listed in the configuration entry's {@code tools} array (inferred, not observed). */
  CONFIG
}
