package io.ape.core.internal.adapter;

import io.ape.api.ApeConfigurationException;
import io.ape.api.Tool;
import io.ape.engine.ApeEngine;
import io.ape.engine.ToolRegistration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Registers each tool of a framework adapter's guard with the engine once, as a
 * {@link ToolRegistration} the application may refine (action id, risk, schema, trusted source)
 * but not redirect: the tool id and the bridge must stay. Shared by the LangChain4j, Spring AI
 * and MCP SDK adapters (exported to them only). Thread-safe.
 */
public final class ToolRegistrar {
  private final ApeEngine engine;
  private final UnaryOperator<ToolRegistration> customiser;
  private final String reuseHint;
  private final Set<String> registered = ConcurrentHashMap.newKeySet();

  /**
   * A registrar for one guard.
   *
   * @param reuseHint how to reuse the guard, ending the error when a tool id is taken (e.g.
   *     {@code "for every AI service"})
   */
  public ToolRegistrar(ApeEngine engine, UnaryOperator<ToolRegistration> customiser,
      String reuseHint) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.customiser = Objects.requireNonNull(customiser, "registrations");
    this.reuseHint = Objects.requireNonNull(reuseHint, "reuseHint");
  }

  /**
   * Registers {@code bridge} under {@code toolId} unless this guard already did.
   *
   * @throws ApeConfigurationException if the engine refuses the registration (for example the id
   *     is taken by another guard or by the application: build one guard per engine and reuse it)
   */
  public void register(String toolId, Tool bridge) {
    if (registered.contains(toolId)) {
      return;
    }
    synchronized (registered) {
      if (registered.contains(toolId)) {
        return;
      }
      ToolRegistration proposed = ToolRegistration.of(toolId, bridge);
      ToolRegistration refined;
      try {
        refined = customiser.apply(proposed);
      } catch (RuntimeException e) {
        throw new ApeConfigurationException("the registration customiser failed for tool '"
            + toolId + "': " + e, e);
      }
      if (refined == null || !toolId.equals(refined.toolId()) || refined.tool() != bridge) {
        throw new ApeConfigurationException("the registration customiser must return the "
            + "registration of tool '" + toolId + "' with its tool id and tool unchanged "
            + "(it may set the action id, risk, schema and trusted source)");
      }
      if (engine.toolIds().contains(toolId)) {
        throw new ApeConfigurationException("tool '" + toolId + "' is already registered with "
            + "this engine (by another guard, or by the application); build one guard per "
            + "engine and reuse it " + reuseHint);
      }
      engine.registerTool(refined);
      registered.add(toolId);
    }
  }
}
