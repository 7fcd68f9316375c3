package io.ape.mcp;

import java.util.Map;

/**
 * Expands the variables MCP clients allow in server entries: {@code ${VAR}},
 * {@code ${env:VAR}} (VS Code), {@code ${VAR:-default}} (Claude Code), {@code ${workspaceFolder}}
 * and {@code ${userHome}}; a bare {@code $VAR} is left as written. {@code ${input:ID}} cannot be expanded (VS
 * Code prompts for it). An unknown or unset variable is an error naming the variable, never a
 * silent empty string.
 */
final class ConfigVariables {
  private final Map<String, String> environment;
  private final String workspaceFolder;

  ConfigVariables(Map<String, String> environment, String workspaceFolder) {
    this.environment = environment;
    this.workspaceFolder = workspaceFolder;
  }

  String expand(String serverName, String text) {
    if (text.indexOf("${") < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      int start = text.indexOf("${", i);
      if (start < 0) {
        out.append(text, i, text.length());
        break;
      }
      int end = text.indexOf('}', start);
      if (end < 0) {
        throw new McpConnectException("server '" + serverName + "': unterminated ${ in an entry value");
      }
      out.append(text, i, start);
      out.append(resolve(serverName, text.substring(start + 2, end)));
      i = end + 1;
    }
    return out.toString();
  }

  private String resolve(String serverName, String expr) {
    if (expr.equals("workspaceFolder")) {
      return workspaceFolder;
    }
    if (expr.equals("userHome")) {
      String home = environment.getOrDefault("HOME", System.getProperty("user.home", ""));
      return home;
    }
    if (expr.startsWith("input:")) {
      throw new McpConnectException("server '" + serverName + "' needs the VS Code input '"
          + io.ape.api.ActionIds.printable(expr.substring(6)) + "', which only the editor can prompt for");
    }
    String name = expr.startsWith("env:") ? expr.substring(4) : expr;
    String fallback = null;
    int dflt = name.indexOf(":-");
    if (dflt >= 0) {
      fallback = name.substring(dflt + 2);
      name = name.substring(0, dflt);
    }
    String v = environment.get(name);
    if (v == null || (v.isEmpty() && fallback != null)) {
      if (fallback != null) {
        return fallback;
      }
      throw new McpConnectException("server '" + serverName + "' uses the variable "
          + io.ape.api.ActionIds.printable(name) + ", which is not set");
    }
    return v;
  }
}
