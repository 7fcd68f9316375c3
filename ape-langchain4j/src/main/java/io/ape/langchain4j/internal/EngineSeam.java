package io.ape.langchain4j.internal;

import io.ape.api.Tool;
import java.util.Optional;

/**
 * The part of the APE engine this adapter uses. Phase 1 of issue 13: it mirrors, method for
 * method, {@code io.ape.engine.ApeEngine} ({@code tenant()}, {@code registerTool(toolId, tool)},
 * {@code findSession(tenantId, sessionId)}), which is not merged yet; once it is, an engine is
 * wrapped as an {@code EngineSeam} in one small class and this interface goes away.
 *
 * <p>Internal: may change at any time.
 */
public interface EngineSeam {
  /** The engine's tenant (the default of sessions named without one). */
  String tenant();

  /**
   * Registers a tool under {@code toolId} (its action id is the tool id). The engine's gate is
   * the only caller of {@code tool}.
   */
  void registerTool(String toolId, Tool tool);

  /** The open session with this id, if any. */
  Optional<SessionSeam> findSession(String tenantId, String sessionId);
}
