package io.ape.mcp;

import io.ape.api.ApeException;

/**
 * A server could not be started, reached or understood during a connected scan. The scanner
 * catches it and reports the server as failed; the message names the server and never contains a
 * secret value from the configuration.
 */
public class McpConnectException extends ApeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public McpConnectException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause. */
  public McpConnectException(String message, Throwable cause) {
    super(message, cause);
  }
}
