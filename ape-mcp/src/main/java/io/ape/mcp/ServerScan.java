package io.ape.mcp;

import java.util.List;
import java.util.Objects;

/**
 * The scan of one server.
 *
 * @param name the server's name from the configuration
 * @param scope its scope ({@code ""} for top-level; see {@link McpServerConfig#scope()})
 * @param transport how it is reached
 * @param status what happened
 * @param message details: the failure, the catalogue entry used, why it was skipped
 *     ({@code ""} when there is nothing to add); never contains a secret value
 * @param serverInfo the name and version the server reported, or {@code ""}
 * @param tools its tools (empty unless {@link ServerStatus#hasTools()})
 */
public record ServerScan(
    String name,
    String scope,
    TransportKind transport,
    ServerStatus status,
    String message,
    String serverInfo,
    List<ScannedTool> tools) {

  public ServerScan {
    Objects.requireNonNull(name, "name");
    scope = scope == null ? "" : scope;
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(status, "status");
    message = message == null ? "" : message;
    serverInfo = serverInfo == null ? "" : serverInfo;
    tools = tools == null ? List.of() : List.copyOf(tools);
  }
}
