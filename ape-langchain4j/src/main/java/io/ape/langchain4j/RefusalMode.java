package io.ape.langchain4j;

/**
 * What a guarded tool does when APE refuses a call (the tool never runs either way).
 *
 * @since 0.2.0
 */
public enum RefusalMode {
  /**
   * The model receives a terse tool error ({@link io.ape.api.GuardedCallResult#modelMessage()}:
   * no rule ids, no policy internals) as the tool's result, and can react to it. The default.
   */
  TOOL_ERROR,
  /**
   * The tool executor throws {@link ApeToolRefusedException}; with
   * {@link ApeLangChain4j#abortOnRefusal()} as the AI service's tool execution error handler
   * the whole AI service call ends with it. (Without that handler LangChain4j's default handler
   * sends the exception's message to the model, which is the same terse text.)
   */
  ABORT
}
