package io.ape.mcp;

/** Whether a scan talked to the servers. */
public enum ScanMode {
  /** The servers were started or connected to and asked for their tools. */
  CONNECTED,
  /** No server was contacted: tools are inferred from names and a catalogue, and may be wrong. */
  INFERRED
}
