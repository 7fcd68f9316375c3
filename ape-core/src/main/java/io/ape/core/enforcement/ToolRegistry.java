package io.ape.core.enforcement;

import io.ape.api.ActionIds;
import io.ape.api.ApeConfigurationException;
import io.ape.api.Tool;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tools an engine may run. Registration returns an opaque {@link ToolHandle}; the registered
 * {@link Tool} objects are never handed back, so the only way to run one is through an
 * {@link EnforcementGate} built on this registry.
 *
 * <p>Thread-safe. A tool id can be registered once.
 */
public final class ToolRegistry {
  private final ConcurrentHashMap<String, Registered> tools = new ConcurrentHashMap<>();

  /** A registered tool; package-private so that only the gate can reach the {@link Tool}. */
  static final class Registered {
    final ToolHandle handle;
    final Tool tool;

    Registered(ToolHandle handle, Tool tool) {
      this.handle = handle;
      this.tool = tool;
    }
  }

  /** An empty registry. */
  public ToolRegistry() {
    // empty
  }

  /**
   * Registers a tool.
   *
   * @param toolId the id plan steps name it by ({@link ActionIds} alphabet)
   * @param tool the implementation
   * @param trusted whether its output is trusted; say {@code true} only for tools whose output
   *     no outsider can influence
   * @return the handle
   * @throws ApeConfigurationException if the id is malformed, the tool is {@code null}, or the
   *     id is already registered
   */
  public ToolHandle register(String toolId, Tool tool, boolean trusted) {
    if (!ActionIds.isValid(toolId)) {
      throw new ApeConfigurationException("malformed tool id '" + ActionIds.printable(toolId)
          + "' (allowed: " + ActionIds.pattern() + ")");
    }
    if (tool == null) {
      throw new ApeConfigurationException("tool '" + toolId + "' must not be null");
    }
    ToolHandle handle = new ToolHandle(this, toolId, trusted);
    if (tools.putIfAbsent(toolId, new Registered(handle, tool)) != null) {
      throw new ApeConfigurationException("tool '" + toolId + "' is already registered");
    }
    return handle;
  }

  /** Registers an untrusted tool (its output is labelled EXTERNAL_UNTRUSTED). */
  public ToolHandle register(String toolId, Tool tool) {
    return register(toolId, tool, false);
  }

  /** Whether {@code toolId} is registered. */
  public boolean isRegistered(String toolId) {
    return toolId != null && tools.containsKey(toolId);
  }

  /** The handle of {@code toolId}, if registered. */
  public Optional<ToolHandle> handle(String toolId) {
    Registered r = toolId == null ? null : tools.get(toolId);
    return r == null ? Optional.empty() : Optional.of(r.handle);
  }

  /** The registered tool ids (a snapshot). */
  public Set<String> toolIds() {
    return Set.copyOf(tools.keySet());
  }

  Registered lookup(String toolId) {
    return toolId == null ? null : tools.get(toolId);
  }

  @Override
  public String toString() {
    return "ToolRegistry" + new java.util.TreeSet<>(tools.keySet());
  }
}
