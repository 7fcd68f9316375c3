package io.ape.mcp.gateway;

import io.ape.api.ApeException;

/**
 * The gateway could not do what was asked: an upstream server failed, a call could not be
 * checked safely, a configuration, token file or lock file is unusable. Messages never contain a
 * secret value of the MCP configuration.
 *
 * @since 0.2.0
 */
public final class McpGatewayException extends ApeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public McpGatewayException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public McpGatewayException(String message, Throwable cause) {
    super(message, cause);
  }
}
