package io.ape.mcp.gateway;

import java.util.Objects;

/**
 * The state of one configured upstream server, for reports and tests.
 *
 * @param server the configured name
 * @param connected whether its tools are offered (its handshake and listing succeeded)
 * @param serverInfo the name and version it reported ({@code ""} if none)
 * @param message why it is not connected, or notes ({@code ""} if none); never a secret value
 * @param tools how many tools it offered at start
 * @since 0.2.0
 */
public record UpstreamStatus(String server, boolean connected, String serverInfo, String message, int tools) {
  public UpstreamStatus {
    Objects.requireNonNull(server, "server");
    serverInfo = serverInfo == null ? "" : serverInfo;
    message = message == null ? "" : message;
  }
}
