package io.ape.mcp;

/**
 * The MCP client whose configuration format a file follows.
 *
 * <p>All of them describe servers the same way (a name mapped to a stdio command or a URL);
 * they differ in where the server map sits and in a few field names:
 * <ul>
 *   <li>{@link #CLAUDE_DESKTOP}, {@link #CURSOR}, {@link #WINDSURF}, {@link #GEMINI_CLI}:
 *       a top-level {@code mcpServers} object;</li>
 *   <li>{@link #CLAUDE_CODE}: {@code ~/.claude.json} with a top-level {@code mcpServers} and
 *       per-project {@code projects.<path>.mcpServers}, or a project's {@code .mcp.json};</li>
 *   <li>{@link #VSCODE}: {@code .vscode/mcp.json} with {@code servers} (and {@code inputs});</li>
 *   <li>{@link #VSCODE_SETTINGS}: VS Code's {@code settings.json} with {@code mcp.servers}.</li>
 * </ul>
 */
public enum ClientFormat {
  /** Claude Desktop's {@code claude_desktop_config.json}. */
  CLAUDE_DESKTOP("Claude Desktop"),
  /** Claude Code's {@code ~/.claude.json} (user and per-project servers) or {@code .mcp.json}. */
  CLAUDE_CODE("Claude Code"),
  /** Cursor's {@code .cursor/mcp.json}. */
  CURSOR("Cursor"),
  /** VS Code's {@code .vscode/mcp.json}. */
  VSCODE("VS Code (mcp.json)"),
  /** VS Code's {@code settings.json} ({@code mcp.servers}). */
  VSCODE_SETTINGS("VS Code (settings.json)"),
  /** Windsurf's {@code mcp_config.json}. */
  WINDSURF("Windsurf"),
  /** Gemini CLI's {@code settings.json}. */
  GEMINI_CLI("Gemini CLI"),
  /** No server section was found, so the format could not be told. */
  UNKNOWN("unknown");

  private final String displayName;

  ClientFormat(String displayName) {
    this.displayName = displayName;
  }

  /** A human-readable name, e.g. {@code "Claude Desktop"}. */
  public String displayName() {
    return displayName;
  }
}
