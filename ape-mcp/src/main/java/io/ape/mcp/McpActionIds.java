package io.ape.mcp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The action ids {@code ape mcp-scan} writes into policies, for other parts that must use the same
 * ids (the gateway exposes each tool under its id). See {@code ActionIdMapper} for the rules: the
 * ids are {@code server.tool}, mapped into the action-id alphabet, collisions suffixed with a
 * hash, deterministically whatever the order.
 *
 * @since 0.2.0
 */
public final class McpActionIds {
  /** The operation part of the action id for reading a server's resources. */
  public static final String RESOURCES_READ = "resources:read";
  /** The operation part of the action id for getting a server's prompts. */
  public static final String PROMPTS_GET = "prompts:get";

  private McpActionIds() {}

  /**
   * The action id of every tool, exactly as {@code mcp-scan} maps the same set of tools.
   *
   * @param toolsByServer server name to its tool names
   * @return server name to tool name to action id (in the input's order)
   */
  public static Map<String, Map<String, String>> forTools(
      Map<String, ? extends Collection<String>> toolsByServer) {
    Objects.requireNonNull(toolsByServer, "toolsByServer");
    List<ActionIdMapper.Key> keys = new ArrayList<>();
    toolsByServer.forEach((server, tools) -> tools.forEach(t -> keys.add(new ActionIdMapper.Key(server, t))));
    Map<ActionIdMapper.Key, ActionIdMapping> mapped = ActionIdMapper.map(keys);
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    mapped.forEach((k, m) -> out.computeIfAbsent(k.server(), x -> new LinkedHashMap<>()).put(k.tool(), m.actionId()));
    return out;
  }

  /**
   * The action id of an operation on a whole server, such as {@link #RESOURCES_READ}: the server
   * part mapped as for tools, then {@code .operation}. The {@code :} in the operation keeps it
   * apart from tools (an MCP tool name has no {@code :}); a tool that has one anyway and maps to
   * the same id is the caller's to refuse.
   */
  public static String forServerOperation(String server, String operation) {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(operation, "operation");
    Map<ActionIdMapper.Key, ActionIdMapping> m = ActionIdMapper.map(List.of(new ActionIdMapper.Key(server, operation)));
    return m.values().iterator().next().actionId();
  }
}
