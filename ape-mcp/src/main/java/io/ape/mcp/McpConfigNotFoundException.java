package io.ape.mcp;

/**
 * The MCP configuration file does not exist (a command line reports it with exit code 4).
 */
public class McpConfigNotFoundException extends McpConfigException {
  private static final long serialVersionUID = 1L;

  private final String file;

  /**
   * Creates the exception.
   *
   * @param file the file as the caller named it
   */
  public McpConfigNotFoundException(String file) {
    super("MCP configuration not found: " + file);
    this.file = file;
  }

  /** The file as the caller named it. */
  public String file() {
    return file;
  }
}
