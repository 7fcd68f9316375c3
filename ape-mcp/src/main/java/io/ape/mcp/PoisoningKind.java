package io.ape.mcp;

/**
 * The kinds of hidden instruction ("tool poisoning") that {@link ToolPoisoningDetector} finds in
 * what a server says about a tool. A tool description reaches the model verbatim: text in it
 * that the user does not see is an instruction to the model from whoever wrote the server.
 *
 * @since 0.2.0
 */
public enum PoisoningKind {
  /** An {@code <IMPORTANT>}-, {@code <SYSTEM>}-style block or an "ignore previous instructions". */
  HIDDEN_INSTRUCTIONS(true),
  /** An instruction to keep something from the user ("do not tell the user ..."). */
  CONCEALMENT(true),
  /** A reference to secrets: {@code ~/.ssh}, {@code id_rsa}, {@code .env}, credential files. */
  SECRET_REFERENCE(true),
  /** A character that does not show: zero-width, word joiner, tag characters, other controls. */
  INVISIBLE_CHARACTER(true),
  /** A bidirectional control character that can make text read differently than it is stored. */
  BIDI_CONTROL(true),
  /** An instruction about other tools (when or how to call them, or a tool of another server). */
  OTHER_TOOL_INSTRUCTIONS(false),
  /** A description much longer than tools need (room for instructions the user never reads). */
  UNUSUAL_LENGTH(false);

  private final boolean severe;

  PoisoningKind(boolean severe) {
    this.severe = severe;
  }

  /**
   * {@code true} for the kinds that are hardly ever innocent: the generated policy denies such a
   * tool and the gateway hides it; the others are escalated (scan) or reported (gateway).
   */
  public boolean severe() {
    return severe;
  }
}
