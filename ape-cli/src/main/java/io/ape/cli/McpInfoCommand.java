package io.ape.cli;

import io.ape.mcp.McpConfig;
import io.ape.mcp.McpReports;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ape mcp-info CONFIG [--json]}: the servers of an MCP client configuration. */
@Command(
    name = "mcp-info",
    header = "List the servers of an MCP client configuration, secrets masked.",
    description = "Reads the MCP configuration of Claude Desktop, Claude Code, Cursor, VS Code, "
        + "Windsurf or Gemini CLI and shows the detected client and, for each server, its "
        + "transport (STDIO, SSE, STREAMABLE_HTTP), its command line or URL with likely secrets "
        + "masked, the NAMES of its env variables and headers (never their values), the VS Code "
        + "inputs it needs, whether it is disabled, and why an entry cannot be used. No server "
        + "is contacted.",
    footerHeading = "%nExamples:%n",
    footer = {
        "  ape mcp-info ~/.config/Claude/claude_desktop_config.json",
        "  ape mcp-info .vscode/mcp.json --json",
        "",
        "A configuration without any server exits 1."
    })
final class McpInfoCommand extends CliCommand {
  @Parameters(index = "0", paramLabel = "CONFIG", description = "The MCP client configuration "
      + "(JSON; comments and trailing commas are accepted).")
  Path config;

  @Option(names = "--json", description = "Print the servers as JSON on stdout, and nothing else.")
  boolean json;

  @Override
  public Integer call() {
    Output out = output(json);
    McpConfig mcp = McpConfigFiles.read(config);
    if (out.isJson()) {
      out.json(Json.snakeCaseTree(McpReports.configSummary(mcp)));
    } else {
      McpReports.configText(mcp).lines().forEach(l -> out.line(Text.printable(l)));
      out.flush();
    }
    return ExitCode.OK;
  }
}
