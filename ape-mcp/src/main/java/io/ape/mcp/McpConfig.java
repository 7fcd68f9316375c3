package io.ape.mcp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An MCP client configuration as read by {@link McpConfigReader}: its servers, in file order.
 *
 * <p>An empty {@link #servers()} list is a valid result (with a warning saying where the reader
 * looked); entries that cannot be used are kept with their {@link McpServerConfig#problem()} so
 * that they are reported rather than silently dropped.
 *
 * @param sourceName the file name only (no directories), safe to write into a policy
 * @param format the detected (or requested) client format
 * @param servers the server entries, in file order (top-level first, then per project)
 * @param inputs VS Code input declarations, if any
 * @param warnings things the user should know (no servers, unreadable entries, ...)
 */
public record McpConfig(
    String sourceName,
    ClientFormat format,
    List<McpServerConfig> servers,
    List<McpInput> inputs,
    List<String> warnings) {

  public McpConfig {
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(format, "format");
    servers = List.copyOf(servers);
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** {@code true} if the configuration declares no servers at all. */
  public boolean hasNoServers() {
    return servers.isEmpty();
  }

  /** The first server with this name (in any scope). */
  public Optional<McpServerConfig> server(String name) {
    return servers.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
