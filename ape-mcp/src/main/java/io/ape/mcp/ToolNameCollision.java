package io.ape.mcp;

import java.util.List;
import java.util.Objects;

/**
 * A tool name offered by more than one server. The generated policy namespaces actions by server
 * ({@code server.tool}), so each is governed separately; the collision is reported because a
 * client or integration that addresses tools by bare name cannot tell them apart.
 *
 * @param tool the tool name
 * @param servers the servers offering it, in configuration order
 */
public record ToolNameCollision(String tool, List<String> servers) {
  public ToolNameCollision {
    Objects.requireNonNull(tool, "tool");
    servers = List.copyOf(servers);
  }
}
