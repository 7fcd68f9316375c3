package io.ape.springai;

/**
 * What a guarded tool callback does when APE refuses a call (the tool never runs either way).
 *
 * @since 0.2.0
 */
public enum RefusalMode {
  /**
   * The callback returns the terse refusal text ({@link io.ape.api.GuardedCallResult#modelMessage()})
   * as the tool's result, so the model can react. The default.
   */
  TOOL_ERROR,
  /**
   * The callback throws {@link ApeToolRefusedException}. It is not a Spring AI
   * {@code ToolExecutionException}, so {@code DefaultToolCallingManager} does not hand it to
   * the model: the chat call ends with it.
   */
  ABORT
}
