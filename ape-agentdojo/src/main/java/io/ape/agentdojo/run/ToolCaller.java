package io.ape.agentdojo.run;

import java.util.Map;

/**
 * The one path from the scripted agent to the suite's tools, for one run. The agent calls {@link
 * #recordUserMessage} once with the user's prompt, then {@link #call} for every tool call, with
 * the arguments exactly as a model would write them; the caller decides whether the call runs.
 *
 * <p>Today's implementation is {@link DirectToolCaller} (no enforcement: the baseline). The APE
 * implementation maps onto the engine's {@code AgentSession}: {@code recordUserMessage} is the
 * session's trusted user message, {@code call} is {@code session.call(tool, arguments)}, and a
 * {@code GuardedCallResult} becomes a {@link ToolCallOutcome} (executed, tool failed, or
 * refused). The engine, not the harness, records results in the provenance tracker, so every
 * argument's provenance comes from what the session saw.
 *
 * @since 0.2.0
 */
public interface ToolCaller extends AutoCloseable {
  /** The user's message that starts the run (trusted input). */
  void recordUserMessage(String prompt);

  /**
   * Proposes one tool call. Never throws for a refused or failed call: the outcome says what
   * happened, and the agent carries on.
   */
  ToolCallOutcome call(String tool, Map<String, Object> arguments);

  /** Ends the run (an engine session is closed). */
  @Override
  default void close() {}
}
