package io.ape.langchain4j.internal;

import io.ape.api.GuardedCallResult;
import java.util.Map;

/**
 * One APE session as this adapter uses it; mirrors {@code io.ape.engine.AgentSession}
 * (phase 1 of issue 13, see {@link EngineSeam}).
 *
 * <p>Internal: may change at any time.
 */
public interface SessionSeam {
  /** The session id. */
  String id();

  /** The tenant. */
  String tenantId();

  /** Records a message the user typed (trusted input). */
  void recordUserMessage(String text);

  /**
   * The one guarded call: decides, runs the registered tool through the gate if allowed, records
   * its result as untrusted input, and returns; never throws for a refusal.
   */
  GuardedCallResult call(String toolId, Map<String, ?> arguments);
}
