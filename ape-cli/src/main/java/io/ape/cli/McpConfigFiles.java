package io.ape.cli;

import io.ape.mcp.McpConfig;
import io.ape.mcp.McpConfigReader;
import java.nio.file.Path;

/** Reads an MCP client configuration named on the command line, with the CLI's conventions. */
final class McpConfigFiles {
  private McpConfigFiles() {}

  /**
   * Reads {@code file}: exit 4 if it is missing or not a regular file, 3 if it is not valid JSON
   * (with line and column), 1 if it declares no MCP server at all.
   */
  static McpConfig read(Path file) {
    InputFiles.requireRegularFile(file);
    McpConfig config = new McpConfigReader().read(file);
    if (config.hasNoServers()) {
      throw new CliFailureException(ExitCode.ERROR, "no_mcp_servers", file
          + ": no MCP servers found (looked for mcpServers, servers, mcp.servers and "
          + "projects.*.mcpServers); is this the configuration file of an MCP client?");
    }
    return config;
  }
}
