package io.ape.mcp;

import io.ape.api.ApeException;

/**
 * An MCP client configuration could not be used: unreadable, too large, or of the wrong shape.
 *
 * <p>Messages name the file (by the name the caller gave) and never contain a secret value from
 * the configuration. The subclasses say which kind of problem it was, so a command line can map
 * them to distinct exit codes: {@link McpConfigNotFoundException} (a missing file) and
 * {@link McpConfigParseException} (a file that is not valid JSON, or not a JSON object).
 */
public class McpConfigException extends ApeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message. */
  public McpConfigException(String message) {
    super(message);
  }

  /** Creates the exception with a message and a cause (never shown to users as a stack trace). */
  public McpConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
